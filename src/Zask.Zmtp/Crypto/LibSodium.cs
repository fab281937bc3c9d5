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

    /// <summary>
    /// HSalsa20 of a 16-byte input under a key (crypto_core_hsalsa20 with Salsa20's constant): the subkey XSalsa20
    /// derives from the first 16 bytes of a 24-byte nonce.
    /// </summary>
    public static void HSalsa20(Span<byte> subkey, ReadOnlySpan<byte> input, ReadOnlySpan<byte> key)
    {
        CheckLength(subkey.Length, KeyBytes, nameof(subkey));
        CheckLength(input.Length, 16, nameof(input));
        CheckLength(key.Length, KeyBytes, nameof(key));
        fixed (byte* o = subkey)
        fixed (byte* i = input)
        fixed (byte* k = key)
        {
            Check(crypto_core_hsalsa20(o, i, k, null), "crypto_core_hsalsa20");
        }
    }

    /// <summary>
    /// Seals <paramref name="message"/> into <paramref name="cipher"/> (same length; the same memory is allowed) and
    /// writes its authenticator: NaCl's secretbox (XSalsa20-Poly1305) with the XSalsa20 subkey already derived, so
    /// <paramref name="nonce"/> is the last 8 bytes of the 24-byte nonce. Byte for byte what
    /// <see cref="BoxAfterNm"/> writes when the subkey is HSalsa20(shared key, first 16 nonce bytes).
    /// </summary>
    public static void SealWithSubkey(Span<byte> cipher, Span<byte> mac, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> subkey)
    {
        CheckSubkeyArguments(cipher.Length, mac.Length, message.Length, nonce.Length, subkey.Length);
        Span<byte> block = stackalloc byte[64];
        fixed (byte* b = block)
        fixed (byte* c = cipher)
        fixed (byte* m = message)
        fixed (byte* t = mac)
        fixed (byte* n = nonce)
        fixed (byte* k = subkey)
        {
            FirstBlock(b, n, k);
            Xor(c, m, message.Length, b, n, k);
            Check(crypto_onetimeauth_poly1305(t, c, (ulong)cipher.Length, b), "crypto_onetimeauth_poly1305");
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>
    /// Checks <paramref name="mac"/> over <paramref name="cipher"/>, then decrypts it into <paramref name="message"/>
    /// (same length; the same memory is allowed): the opening twin of <see cref="SealWithSubkey"/>. False, with
    /// <paramref name="message"/> untouched, when it does not authenticate.
    /// </summary>
    public static bool OpenWithSubkey(Span<byte> message, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> subkey)
    {
        CheckSubkeyArguments(cipher.Length, mac.Length, message.Length, nonce.Length, subkey.Length);
        Span<byte> block = stackalloc byte[64];
        bool authentic;
        fixed (byte* b = block)
        fixed (byte* c = cipher)
        fixed (byte* m = message)
        fixed (byte* t = mac)
        fixed (byte* n = nonce)
        fixed (byte* k = subkey)
        {
            FirstBlock(b, n, k);
            authentic = crypto_onetimeauth_poly1305_verify(t, c, (ulong)cipher.Length, b) == 0;
            if (authentic)
            {
                Xor(m, c, cipher.Length, b, n, k);
            }
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(block);
        return authentic;
    }

    // Salsa20's first block of keystream (counter 0): its first 32 bytes are the Poly1305 key, the next 32 encrypt
    // the first 32 bytes of the message.
    private static void FirstBlock(byte* block, byte* nonce, byte* subkey)
    {
        new Span<byte>(block, 64).Clear();
        Check(crypto_stream_salsa20_xor(block, block, 64, nonce, subkey), "crypto_stream_salsa20_xor");
    }

    // XSalsa20 of the message as secretbox lays it: from byte 32 of the first block, then blocks 1, 2... (in place allowed).
    private static void Xor(byte* output, byte* input, int length, byte* block, byte* nonce, byte* subkey)
    {
        int head = Math.Min(32, length);
        for (int i = 0; i < head; i++)
        {
            output[i] = (byte)(input[i] ^ block[32 + i]);
        }
        if (length > 32)
        {
            Check(crypto_stream_salsa20_xor_ic(output + 32, input + 32, (ulong)(length - 32), nonce, 1, subkey), "crypto_stream_salsa20_xor_ic");
        }
    }

    private static void CheckSubkeyArguments(int cipherLength, int macLength, int messageLength, int nonceLength, int subkeyLength)
    {
        CheckLength(macLength, MacBytes, "mac");
        CheckLength(nonceLength, 8, "nonce");
        CheckLength(subkeyLength, KeyBytes, "subkey");
        if (cipherLength != messageLength)
        {
            throw new ArgumentException($"the ciphertext ({cipherLength} bytes) and the plaintext ({messageLength} bytes) must be the same length");
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

    [LibraryImport(Library)]
    private static partial int crypto_core_hsalsa20(byte* output, byte* input, byte* k, byte* c);

    [LibraryImport(Library)]
    private static partial int crypto_stream_salsa20_xor(byte* c, byte* m, ulong mlen, byte* n, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_stream_salsa20_xor_ic(byte* c, byte* m, ulong mlen, byte* n, ulong ic, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_onetimeauth_poly1305(byte* output, byte* input, ulong inlen, byte* k);

    [LibraryImport(Library)]
    private static partial int crypto_onetimeauth_poly1305_verify(byte* h, byte* input, ulong inlen, byte* k);
}
