namespace Zask.Zmtp.Security;

/// <summary>
/// CurveZMQ settings for a socket. A server holds its key pair and, optionally, decides which client public keys it
/// accepts; a client holds its own key pair and the server's public key. The role comes from these settings, never
/// from the peer's greeting.
/// </summary>
public sealed class CurveSecurity
{
    private CurveSecurity(bool isServer, CurveKeyPair keys, byte[]? serverPublicKey, Func<byte[], bool>? isClientAllowed)
    {
        IsServer = isServer;
        Keys = keys;
        ServerPublicKey = serverPublicKey;
        IsClientAllowed = isClientAllowed;
    }

    /// <summary>Whether this end is the CURVE server.</summary>
    public bool IsServer { get; }

    /// <summary>This end's permanent key pair.</summary>
    public CurveKeyPair Keys { get; }

    /// <summary>The server's public key (clients only).</summary>
    public byte[]? ServerPublicKey { get; }

    /// <summary>
    /// Decides whether a client's permanent public key may connect (servers only); <c>null</c> accepts every client
    /// that knows the server's public key. A refused client gets a ZMTP ERROR.
    /// </summary>
    public Func<byte[], bool>? IsClientAllowed { get; }

    /// <summary>Settings for a server with the given key pair.</summary>
    public static CurveSecurity Server(CurveKeyPair serverKeys, Func<byte[], bool>? isClientAllowed = null)
    {
        ArgumentNullException.ThrowIfNull(serverKeys);
        return new CurveSecurity(true, serverKeys, null, isClientAllowed);
    }

    /// <summary>Settings for a client with its own key pair that trusts the given server public key.</summary>
    public static CurveSecurity Client(byte[] serverPublicKey, CurveKeyPair clientKeys)
    {
        ArgumentNullException.ThrowIfNull(serverPublicKey);
        ArgumentNullException.ThrowIfNull(clientKeys);
        if (serverPublicKey.Length != CurveKeyPair.KeyLength)
        {
            throw new ArgumentException($"a CURVE public key is {CurveKeyPair.KeyLength} bytes, not {serverPublicKey.Length}", nameof(serverPublicKey));
        }
        return new CurveSecurity(false, clientKeys, serverPublicKey, null);
    }

    /// <summary>Settings for a client that trusts the given server public key, with a key pair of its own made for it.</summary>
    public static CurveSecurity Client(byte[] serverPublicKey) => Client(serverPublicKey, CurveKeyPair.Generate());

    /// <summary>
    /// Settings for a server that accepts only the clients whose permanent public keys are listed (an allow list).
    /// </summary>
    /// <exception cref="ArgumentException">A listed key is not <see cref="CurveKeyPair.KeyLength"/> bytes long.</exception>
    public static CurveSecurity Server(CurveKeyPair serverKeys, IEnumerable<byte[]> allowedClientKeys)
    {
        ArgumentNullException.ThrowIfNull(allowedClientKeys);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (byte[] key in allowedClientKeys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(allowedClientKeys));
            if (key.Length != CurveKeyPair.KeyLength)
            {
                throw new ArgumentException($"a CURVE public key is {CurveKeyPair.KeyLength} bytes, not {key.Length}", nameof(allowedClientKeys));
            }
            allowed.Add(Convert.ToHexString(key));
        }
        return Server(serverKeys, key => allowed.Contains(Convert.ToHexString(key)));
    }
}
