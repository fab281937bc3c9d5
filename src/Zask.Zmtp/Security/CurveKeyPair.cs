using System.Security.Cryptography;
using Zask.Zmtp.Crypto;

namespace Zask.Zmtp.Security;

/// <summary>A permanent CurveZMQ key pair (X25519): 32-byte public and secret keys.</summary>
public sealed class CurveKeyPair
{
    /// <summary>The length in bytes of each key.</summary>
    public const int KeyLength = 32;

    /// <summary>The length of a key in Z85 text.</summary>
    public const int Z85Length = 40;

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

    /// <summary>The public key as 40 characters of Z85, the form libzmq and pyzmq print and read.</summary>
    public string PublicKeyZ85 => Z85.Encode(PublicKey);

    /// <summary>The secret key as 40 characters of Z85.</summary>
    public string SecretKeyZ85 => Z85.Encode(SecretKey);

    /// <summary>Makes a new key pair from the system's secure random generator.</summary>
    public static CurveKeyPair Generate()
    {
        var publicKey = new byte[KeyLength];
        var secretKey = new byte[KeyLength];
        LibSodium.KeyPair(publicKey, secretKey);
        return new CurveKeyPair(publicKey, secretKey);
    }

    /// <summary>Reads a key pair from its Z85 text and checks that the public key belongs to the secret key.</summary>
    /// <exception cref="FormatException">A key is not 40 characters of Z85, or the public key is not the secret key's.</exception>
    public static CurveKeyPair FromZ85(string publicKeyZ85, string secretKeyZ85)
    {
        byte[] publicKey = DecodeKey(publicKeyZ85, "public");
        byte[] secretKey = DecodeKey(secretKeyZ85, "secret");
        Span<byte> derived = stackalloc byte[KeyLength];
        LibSodium.PublicKeyOf(secretKey, derived);
        if (!CryptographicOperations.FixedTimeEquals(derived, publicKey))
        {
            throw new FormatException("the CURVE public key does not belong to the secret key (were the two swapped, or taken from different pairs?)");
        }
        return new CurveKeyPair(publicKey, secretKey);
    }

    /// <summary>Makes the key pair of a secret key: its public key is derived from it.</summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeyLength"/> bytes long.</exception>
    public static CurveKeyPair FromSecretKey(byte[] secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        if (secretKey.Length != KeyLength)
        {
            throw new ArgumentException($"a CURVE secret key is {KeyLength} bytes, not {secretKey.Length}", nameof(secretKey));
        }
        var publicKey = new byte[KeyLength];
        LibSodium.PublicKeyOf(secretKey, publicKey);
        return new CurveKeyPair(publicKey, (byte[])secretKey.Clone());
    }

    /// <summary>Makes the key pair of a secret key in Z85 text: its public key is derived from it.</summary>
    /// <exception cref="FormatException">The key is not 40 characters of Z85.</exception>
    public static CurveKeyPair FromSecretKeyZ85(string secretKeyZ85) => FromSecretKey(DecodeKey(secretKeyZ85, "secret"));

    /// <summary>Reads one 32-byte key from 40 characters of Z85.</summary>
    /// <exception cref="FormatException">The text is not 40 characters of Z85.</exception>
    public static byte[] DecodeKey(string keyZ85) => DecodeKey(keyZ85, "");

    private static byte[] DecodeKey(string keyZ85, string kind)
    {
        ArgumentNullException.ThrowIfNull(keyZ85);
        string what = kind.Length == 0 ? "a CURVE key" : $"a CURVE {kind} key";
        if (keyZ85.Length != Z85Length)
        {
            throw new FormatException($"{what} in Z85 is {Z85Length} characters, not {keyZ85.Length}");
        }
        try
        {
            return Z85.Decode(keyZ85);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{what} is not valid Z85: {e.Message}", e);
        }
    }
}
