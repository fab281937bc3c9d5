using Zask.Zmtp.Security;

namespace Zask.Zmtp.Mechanisms;

/// <summary>
/// Turns a socket's <see cref="CurveSecurity"/> settings into the mechanism of one connection. It lives here, not on
/// the settings, so that the settings (Security) stay below the mechanisms that read them.
/// </summary>
internal static class CurveMechanisms
{
    /// <summary>
    /// A new mechanism for one connection, which announces <paramref name="localProperties"/> (Socket-Type, Identity...)
    /// and, with <paramref name="offerBatching"/>, that it takes coalesced boxes from a Zask peer.
    /// </summary>
    internal static Mechanism CreateMechanism(this CurveSecurity curve, IReadOnlyDictionary<string, byte[]> localProperties, bool offerBatching = true) =>
        curve.IsServer
            ? new CurveServerMechanism(curve.Keys, localProperties, curve.IsClientAllowed, offerBatching)
            : new CurveClientMechanism(curve.Keys, curve.ServerPublicKey!, localProperties, offerBatching);
}
