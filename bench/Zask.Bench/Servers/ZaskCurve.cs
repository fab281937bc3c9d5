using NetMQ;
using Zask.Zmtp.Security;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Servers;

/// <summary>
/// Turns the run's CURVE key pair into Zask.ZeroRpc's <see cref="TransportSecurity"/>. While Zask.ZeroRpc runs on
/// NetMQ its settings hold a NetMQ certificate; once it runs on Zask.Zmtp (the switch) this is the one place to adapt.
/// </summary>
internal static class ZaskCurve
{
    /// <summary>Which transport carries <c>zask_curve_*</c> on this build, for the report.</summary>
    public const string Transport = "NetMQ";

    public static TransportSecurity ServerSecurity(CurveKeyPair keys) =>
        TransportSecurity.ForServer(NetMQCertificate.CreateFromSecretKey(keys.SecretKeyZ85));

    public static TransportSecurity ClientSecurity(CurveKeyPair serverKeys) => TransportSecurity.ForClient(serverKeys.PublicKeyZ85);
}
