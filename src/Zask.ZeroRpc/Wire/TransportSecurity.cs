using Zask.Zmtp.Security;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// CurveZMQ settings for a socket: a server holds its key pair (and optionally an allow list of client public keys);
/// a client holds its own key pair and the server's public key. Traffic is then encrypted, a client with the wrong
/// server key cannot connect, and a client not on a server's allow list is refused with a ZMTP ERROR.
/// </summary>
public sealed class TransportSecurity
{
    private TransportSecurity(CurveSecurity curve)
    {
        Curve = curve;
    }

    /// <summary>The transport's CurveZMQ settings.</summary>
    public CurveSecurity Curve { get; }

    /// <summary>This end's key pair.</summary>
    public CurveKeyPair KeyPair => Curve.Keys;

    /// <summary>The server's public key (clients only).</summary>
    public byte[]? ServerPublicKey => Curve.ServerPublicKey;

    /// <summary>
    /// Whether this end offers coalesced CURVE boxes to Zask peers (default <c>true</c>; see
    /// <c>ZmtpSocketOptions.CurveBatching</c>). Peers that are not Zask never get them.
    /// </summary>
    public bool CurveBatching { get; private init; } = true;

    /// <summary>The same settings with coalesced CURVE boxes offered or not.</summary>
    public TransportSecurity WithCurveBatching(bool enabled) => new(Curve) { CurveBatching = enabled };

    /// <summary>Settings for a server with the given key pair, accepting every client that knows its public key.</summary>
    public static TransportSecurity ForServer(CurveKeyPair serverKeys) => new(CurveSecurity.Server(serverKeys));

    /// <summary>Settings for a server that accepts only the clients whose public keys are listed.</summary>
    /// <exception cref="ArgumentException">A listed key is not 32 bytes long.</exception>
    public static TransportSecurity ForServer(CurveKeyPair serverKeys, IEnumerable<byte[]> allowedClientPublicKeys) =>
        new(CurveSecurity.Server(serverKeys, allowedClientPublicKeys));

    /// <summary>Settings for a client that trusts the given server public key (a fresh client key pair is made when none is given).</summary>
    public static TransportSecurity ForClient(byte[] serverPublicKey, CurveKeyPair? clientKeys = null) =>
        new(CurveSecurity.Client(serverPublicKey, clientKeys ?? CurveKeyPair.Generate()));

    /// <summary>Settings for a client that trusts the given server public key in Z85 text.</summary>
    /// <exception cref="FormatException">The key is not 40 characters of Z85.</exception>
    public static TransportSecurity ForClient(string serverPublicKeyZ85, CurveKeyPair? clientKeys = null) =>
        ForClient(CurveKeyPair.DecodeKey(serverPublicKeyZ85), clientKeys);
}
