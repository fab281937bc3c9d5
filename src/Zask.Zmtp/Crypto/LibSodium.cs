using System.Runtime.InteropServices;

namespace Zask.Zmtp.Crypto;

/// <summary>
/// The NaCl primitives CurveZMQ needs, from libsodium's native library (the <c>libsodium</c> package ships it for
/// each runtime under <c>runtimes/RID/native</c>). Spans are pinned, never copied: a call allocates nothing.
/// </summary>
/// <remarks>
/// Boxes use NaCl's "easy" layout, which is also CurveZMQ's wire layout: a 16-byte authenticator, then the ciphertext.
/// Lengths are checked here because a wrong one would make the native code read or write out of bounds.
/// </remarks>
internal static unsafe partial class LibSodium
{
    /// <summary>The length of keys, public, secret and shared alike.</summary>
    public const int KeyBytes = 32;

    /// <summary>The length of a nonce.</summary>
    public const int NonceBytes = 24;

    /// <summary>How much longer a box is than its plaintext.</summary>
    public const int MacBytes = 16;

    private const string Library = "libsodium";

    static LibSodium()
    {
        // sodium_init picks the fastest implementations and seeds the random generator; 1 means "already done".
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise (sodium_init returned -1)");
        }
    }

    /// <summary>Makes a new X25519 key pair from the system's random generator.</summary>
    public static void KeyPair(Span<byte> publicKey, Span<byte> secretKey)
    {
        CheckLength(publicKey.Length, KeyBytes, nameof(publicKey));
        CheckLength(secretKey.Length, KeyBytes, nameof(secretKey));
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            Check(crypto_box_keypair(pk, sk), "crypto_box_keypair");
        }
    }

    /// <summary>Computes the public key of a secret key.</summary>
    public static void PublicKeyOf(ReadOnlySpan<byte> secretKey, Span<byte> publicKey)
    {
        CheckLength(publicKey.Length, KeyBytes, nameof(publicKey));
        CheckLength(secretKey.Length, KeyBytes, nameof(secretKey));
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            Check(crypto_scalarmult_base(pk, sk), "crypto_scalarmult_base");
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with unpredictable bytes.</summary>
    public static void RandomBytes(Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            randombytes_buf(b, (nuint)buffer.Length);
        }
    }

    /// <summary>Boxes <paramref name="message"/> from the holder of <paramref name="secretKey"/> to the holder of <paramref name="publicKey"/>.</summary>
    public static void Box(Span<byte> box, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(publicKey.Length, KeyBytes, nameof(publicKey));
        CheckLength(secretKey.Length, KeyBytes, nameof(secretKey));
        fixed (byte* c = box)
        fixed (byte* m = message)
        fixed (byte* n = nonce)
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            Check(crypto_box_easy(c, m, (ulong)message.Length, n, pk, sk), "crypto_box_easy");
        }
    }

    /// <summary>Opens a box; false when it does not authenticate.</summary>
    public static bool BoxOpen(Span<byte> message, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(publicKey.Length, KeyBytes, nameof(publicKey));
        CheckLength(secretKey.Length, KeyBytes, nameof(secretKey));
        fixed (byte* m = message)
        fixed (byte* c = box)
        fixed (byte* n = nonce)
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            return crypto_box_open_easy(m, c, (ulong)box.Length, n, pk, sk) == 0;
        }
    }

    /// <summary>Precomputes the shared key of a public and a secret key, so that each later box skips the X25519 step.</summary>
    public static void BeforeNm(Span<byte> sharedKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        CheckLength(sharedKey.Length, KeyBytes, nameof(sharedKey));
        CheckLength(publicKey.Length, KeyBytes, nameof(publicKey));
        CheckLength(secretKey.Length, KeyBytes, nameof(secretKey));
        fixed (byte* k = sharedKey)
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            if (crypto_box_beforenm(k, pk, sk) != 0)
            {
                // libsodium refuses public keys of small order (they would give an all-zero shared key).
                throw new System.Security.Cryptography.CryptographicException("the peer's public key is not a usable X25519 key");
            }
        }
    }

    /// <summary>
    /// Boxes with a precomputed shared key. <paramref name="message"/> may start exactly <see cref="MacBytes"/> into
    /// <paramref name="box"/> (encryption in place).
    /// </summary>
    public static void BoxAfterNm(Span<byte> box, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sharedKey)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(sharedKey.Length, KeyBytes, nameof(sharedKey));
        fixed (byte* c = box)
        fixed (byte* m = message)
        fixed (byte* n = nonce)
        fixed (byte* k = sharedKey)
        {
            Check(crypto_box_easy_afternm(c, m, (ulong)message.Length, n, k), "crypto_box_easy_afternm");
        }
    }

    /// <summary>Opens a box with a precomputed shared key; false when it does not authenticate.</summary>
    public static bool BoxOpenAfterNm(Span<byte> message, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sharedKey)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(sharedKey.Length, KeyBytes, nameof(sharedKey));
        fixed (byte* m = message)
        fixed (byte* c = box)
        fixed (byte* n = nonce)
        fixed (byte* k = sharedKey)
        {
            return crypto_box_open_easy_afternm(m, c, (ulong)box.Length, n, k) == 0;
        }
    }

    /// <summary>Encrypts and authenticates under a symmetric key (NaCl secretbox, XSalsa20-Poly1305).</summary>
    public static void SecretBox(Span<byte> box, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(key.Length, KeyBytes, nameof(key));
        fixed (byte* c = box)
        fixed (byte* m = message)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            Check(crypto_secretbox_easy(c, m, (ulong)message.Length, n, k), "crypto_secretbox_easy");
        }
    }

    /// <summary>Opens a secretbox; false when it does not authenticate.</summary>
    public static bool SecretBoxOpen(Span<byte> message, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        CheckBox(box.Length, message.Length, nonce.Length);
        CheckLength(key.Length, KeyBytes, nameof(key));
        fixed (byte* m = message)
        fixed (byte* c = box)
        fixed (byte* n = nonce)
        fixed (byte* k = key)
        {
            return crypto_secretbox_open_easy(m, c, (ulong)box.Length, n, k) == 0;
        }
    }

    private static void CheckBox(int boxLength, int messageLength, int nonceLength)
    {
        CheckLength(nonceLength, NonceBytes, "nonce");
        if (boxLength != messageLength + MacBytes)
        {
            throw new ArgumentException($"a box of {messageLength} bytes of plaintext is {messageLength + MacBytes} bytes, not {boxLength}");
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must be {expected} bytes, not {actual}", name);
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new System.Security.Cryptography.CryptographicException($"libsodium's {function} failed ({result})");
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_box_keypair(byte* pk, byte* sk);

    [LibraryImport(Library)]
    private static partial int crypto_scalarmult_base(byte* q, byte* n);

    [LibraryImport(Library)]
    private static partial void randombytes_buf(byte* buf, nuint size);

    [LibraryImport(Library)]
    private static partial int crypto_box_easy(byte* c, byte* m, ulong mlen, byte* n, byte* pk, byte* sk);

    [LibraryImport(Library)]
    private static partial int crypto_box_open_easy(byte* m, byte* c, ulong clen, byte* n, byte* pk, byte* sk);

    [LibraryImport(Library)]
    private static partial int crypto_box_beforenm(byte* k, byte* pk, byte* sk);

    [LibraryImport(Library)]
    private static partial int crypto_box_easy_afternm(byte* c, byte* m, ulong mlen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_box_open_easy_afternm(byte* m, byte* c, ulong clen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_secretbox_easy(byte* c, byte* m, ulong mlen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_secretbox_open_easy(byte* m, byte* c, ulong clen, byte* n, byte* k);
}
