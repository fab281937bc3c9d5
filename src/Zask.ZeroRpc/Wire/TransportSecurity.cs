using NetMQ;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// CurveZMQ settings for a socket: a server holds its key pair; a client holds its own key pair and the
/// server's public key. Traffic is then encrypted, and a client with the wrong server key cannot connect.
/// </summary>
public sealed class TransportSecurity
{
    private TransportSecurity(NetMQCertificate certificate, byte[]? serverPublicKey)
    {
        Certificate = certificate;
        ServerPublicKey = serverPublicKey;
    }

    /// <summary>This end's key pair.</summary>
    public NetMQCertificate Certificate { get; }

    /// <summary>The server's public key (clients only).</summary>
    public byte[]? ServerPublicKey { get; }

    /// <summary>Settings for a server with the given key pair.</summary>
    public static TransportSecurity ForServer(NetMQCertificate serverCertificate) => new(serverCertificate, null);

    /// <summary>Settings for a client that trusts the given server public key (a fresh client key pair is made when none is given).</summary>
    public static TransportSecurity ForClient(byte[] serverPublicKey, NetMQCertificate? clientCertificate = null) =>
        new(clientCertificate ?? new NetMQCertificate(), serverPublicKey);

    /// <summary>Settings for a client that trusts the given server public key in Z85 text.</summary>
    public static TransportSecurity ForClient(string serverPublicKeyZ85) =>
        ForClient(NetMQCertificate.FromPublicKey(serverPublicKeyZ85).PublicKey);

    internal void Apply(NetMQSocket socket)
    {
        if (ServerPublicKey is null)
        {
            socket.Options.CurveServer = true;
            socket.Options.CurveCertificate = Certificate;
        }
        else
        {
            socket.Options.CurveServerKey = ServerPublicKey;
            socket.Options.CurveCertificate = Certificate;
        }
    }
}
