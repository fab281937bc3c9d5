namespace Zask.Zmtp.Security;

/// <summary>A permanent CurveZMQ key pair (X25519): 32-byte public and secret keys.</summary>
public sealed class CurveKeyPair
{
    /// <summary>The length in bytes of each key.</summary>
    public const int KeyLength = 32;

    /// <summary>Wraps an existing key pair.</summary>
    /// <exception cref="ArgumentException">A key is not <see cref="KeyLength"/> bytes long.</exception>
    public CurveKeyPair(byte[] publicKey, byte[] secretKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        if (publicKey.Length != KeyLength)
        {
            throw new ArgumentException($"a CURVE public key is {KeyLength} bytes, not {publicKey.Length}", nameof(publicKey));
        }
        if (secretKey.Length != KeyLength)
        {
            throw new ArgumentException($"a CURVE secret key is {KeyLength} bytes, not {secretKey.Length}", nameof(secretKey));
        }
        PublicKey = publicKey;
        SecretKey = secretKey;
    }

    /// <summary>The public key, safe to share.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The secret key.</summary>
    public byte[] SecretKey { get; }
}
