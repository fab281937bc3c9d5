using Zask.Zmtp.Crypto;

namespace Zask.Zmtp.Tests.Crypto;

/// <summary>
/// MESSAGE boxes sealed with the per-connection XSalsa20 subkey (HSalsa20 of the shared key and the 16-byte nonce
/// prefix) are byte for byte libsodium's crypto_box_afternm, and open what crypto_box_afternm seals.
/// </summary>
public class SubkeyBoxTests
{
    // Around Salsa20's 64-byte blocks and the 32 plaintext bytes the first block encrypts, then large ones.
    public static TheoryData<int> Lengths => [0, 1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 200, 1000, 4096, 65_536, 70_001];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sealing_with_the_subkey_writes_what_crypto_box_afternm_writes(int length)
    {
        var (sharedKey, nonce, subkey) = RandomKeyAndNonce(curvePrefix: length % 2 == 0);
        byte[] message = RandomBytes(length);
        var expected = new byte[LibSodium.MacBytes + length];
        LibSodium.BoxAfterNm(expected, message, nonce, sharedKey);

        var cipher = new byte[length];
        var mac = new byte[LibSodium.MacBytes];
        LibSodium.SealWithSubkey(cipher, mac, message, nonce.AsSpan(16), subkey);
        mac.Concat(cipher).Should().Equal(expected);

        // In place, as the connection seals: the plaintext becomes the ciphertext where it lies.
        byte[] inPlace = message.ToArray();
        LibSodium.SealWithSubkey(inPlace, mac, inPlace, nonce.AsSpan(16), subkey);
        mac.Concat(inPlace).Should().Equal(expected);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Opening_with_the_subkey_opens_what_crypto_box_afternm_sealed(int length)
    {
        var (sharedKey, nonce, subkey) = RandomKeyAndNonce(curvePrefix: length % 2 == 0);
        byte[] message = RandomBytes(length);
        var box = new byte[LibSodium.MacBytes + length];
        LibSodium.BoxAfterNm(box, message, nonce, sharedKey);

        var opened = new byte[length];
        LibSodium.OpenWithSubkey(opened, box.AsSpan(0, 16), box.AsSpan(16), nonce.AsSpan(16), subkey).Should().BeTrue();
        opened.Should().Equal(message);

        byte[] inPlace = box.AsSpan(16).ToArray();
        LibSodium.OpenWithSubkey(inPlace, box.AsSpan(0, 16), inPlace, nonce.AsSpan(16), subkey).Should().BeTrue();
        inPlace.Should().Equal(message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(3000)]
    public void A_changed_byte_or_another_nonce_does_not_open_and_leaves_the_output_alone(int length)
    {
        var (sharedKey, nonce, subkey) = RandomKeyAndNonce(curvePrefix: length % 2 == 0);
        var box = new byte[LibSodium.MacBytes + length];
        LibSodium.BoxAfterNm(box, RandomBytes(length), nonce, sharedKey);

        for (int at = 0; at < box.Length; at += Math.Max(1, box.Length / 37))
        {
            byte[] tampered = box.ToArray();
            tampered[at] ^= 0x20;
            var output = Enumerable.Repeat((byte)0xEE, length).ToArray();
            LibSodium.OpenWithSubkey(output, tampered.AsSpan(0, 16), tampered.AsSpan(16), nonce.AsSpan(16), subkey).Should().BeFalse($"byte {at} was changed");
            output.Should().Equal(Enumerable.Repeat((byte)0xEE, length));
        }
        byte[] otherNonce = nonce.AsSpan(16).ToArray();
        otherNonce[7] ^= 1;
        LibSodium.OpenWithSubkey(new byte[length], box.AsSpan(0, 16), box.AsSpan(16), otherNonce, subkey).Should().BeFalse();
    }

    [Fact]
    public void Mismatched_lengths_are_refused_before_native_code_runs()
    {
        var subkey = new byte[32];
        var seal = () => LibSodium.SealWithSubkey(new byte[10], new byte[16], new byte[11], new byte[8], subkey);
        seal.Should().Throw<ArgumentException>();
        var open = () => LibSodium.OpenWithSubkey(new byte[10], new byte[15], new byte[10], new byte[8], subkey);
        open.Should().Throw<ArgumentException>();
        var nonce = () => LibSodium.SealWithSubkey(new byte[10], new byte[16], new byte[10], new byte[24], subkey);
        nonce.Should().Throw<ArgumentException>();
    }

    private static (byte[] SharedKey, byte[] Nonce, byte[] Subkey) RandomKeyAndNonce(bool curvePrefix)
    {
        var publicKey = new byte[32];
        var secretKey = new byte[32];
        LibSodium.KeyPair(publicKey, secretKey);
        var otherPublic = new byte[32];
        var otherSecret = new byte[32];
        LibSodium.KeyPair(otherPublic, otherSecret);
        var sharedKey = new byte[32];
        LibSodium.BeforeNm(sharedKey, otherPublic, secretKey);
        byte[] nonce = RandomBytes(24);
        // The CurveZMQ prefixes are one case of a 16-byte HSalsa20 input; random ones cover the rest.
        if (curvePrefix)
        {
            "CurveZMQMESSAGEC"u8.CopyTo(nonce);
        }
        var subkey = new byte[32];
        LibSodium.HSalsa20(subkey, nonce.AsSpan(0, 16), sharedKey);
        return (sharedKey, nonce, subkey);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
