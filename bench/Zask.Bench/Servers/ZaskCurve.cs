using Zask.Zmtp.Security;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Servers;

/// <summary>Turns the run's CURVE key pair into Zask.ZeroRpc's <see cref="TransportSecurity"/>.</summary>
internal static class ZaskCurve
{
    /// <summary>Which transport carries <c>zask_curve_*</c> on this build, for the report.</summary>
    public const string Transport = "Zask.Zmtp";

    public static TransportSecurity ServerSecurity(CurveKeyPair keys) => TransportSecurity.ForServer(keys);

    public static TransportSecurity ClientSecurity(CurveKeyPair serverKeys) => TransportSecurity.ForClient(serverKeys.PublicKey);
}
