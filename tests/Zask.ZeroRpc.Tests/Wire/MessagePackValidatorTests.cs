using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// The span walker that checks every incoming event before anything reads it, against the MessagePack library's own
/// reader: it must accept exactly the blobs that hold one complete value, in every encoding MessagePack has.
/// </summary>
public class MessagePackValidatorTests
{
    private static readonly DecodeLimits Limits = DecodeLimits.Default;

    /// <summary>One array holding a value in each encoding (every width of int, str, bin, ext, array and map).</summary>
    private static byte[] EveryEncoding()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(38);
        writer.Write(5); // positive fixint
        writer.Write(-5); // negative fixint
        writer.WriteUInt8(200);
        writer.WriteUInt16(60_000);
        writer.WriteUInt32(4_000_000_000);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteInt8(-100);
        writer.WriteInt16(-30_000);
        writer.WriteInt32(-2_000_000_000);
        writer.WriteInt64(long.MinValue);
        writer.Write(1.5f);
        writer.Write(2.5d);
        writer.WriteNil();
        writer.Write(true);
        writer.Write(false);
        writer.Write("");
        writer.Write(new string('a', 31)); // fixstr
        writer.Write(new string('b', 32)); // str 8
        writer.Write(new string('c', 300)); // str 16
        writer.Write(new string('d', 70_000)); // str 32
        writer.Write(Array.Empty<byte>());
        writer.Write(new byte[300]); // bin 16
        writer.Write(new byte[70_000]); // bin 32
        foreach (var length in new[] { 1, 2, 4, 8, 16, 3, 300, 70_000 })
        {
            // fixext 1/2/4/8/16, then ext 8, 16 and 32.
            writer.WriteExtensionFormatHeader(new ExtensionHeader(7, (uint)length));
            writer.WriteRaw(new byte[length]);
        }
        writer.WriteArrayHeader(0);
        writer.WriteArrayHeader(20); // array 16
        for (var i = 0; i < 20; i++) writer.Write(i);
        writer.WriteMapHeader(0);
        writer.WriteMapHeader(20); // map 16
        for (var i = 0; i < 20; i++)
        {
            writer.Write(i);
            writer.WriteNil();
        }
        writer.WriteMapHeader(1);
        writer.Write("nested");
        writer.WriteArrayHeader(1);
        writer.WriteArrayHeader(1);
        writer.Write("deep");
        writer.Flush();
        // array 32 and map 32, which a smallest-encoding writer never picks: written by hand.
        var tail = new byte[] { 0xdd, 0, 0, 0, 1, 0xc0, 0xdf, 0, 0, 0, 1, 0x01, 0x02 };
        var blob = buffer.WrittenSpan.ToArray();
        // The array above declared 38 elements: 36 written, the two hand-written ones complete it.
        return [.. blob, .. tail];
    }

    [Fact]
    public void Accepts_a_value_in_every_encoding()
    {
        var blob = EveryEncoding();
        SkipsAsOneValue(blob).Should().BeTrue("the MessagePack library reads the fixture as one value");

        var validate = () => MessagePackValidator.Validate(blob, Limits);

        validate.Should().NotThrow();
    }

    [Fact]
    public void Refuses_every_truncation_and_any_trailing_byte()
    {
        var blob = EveryEncoding();
        // Every cut that ends inside a value header or short of a body (every byte would take minutes on 140 KB).
        var cuts = Enumerable.Range(0, 2_000).Concat(Enumerable.Range(0, 200).Select(i => blob.Length - 1 - i)).Distinct();
        foreach (var cut in cuts)
        {
            var prefix = blob.AsMemory(0, cut);
            var validate = () => MessagePackValidator.Validate(prefix, Limits);
            validate.Should().Throw<EventDecodeException>($"{cut} of {blob.Length} bytes is not a whole value");
        }
        var longer = () => MessagePackValidator.Validate([.. blob, 0xc0], Limits);
        longer.Should().Throw<EventDecodeException>().WithMessage("1 unexpected bytes after the event");
    }

    [Fact]
    public void Agrees_with_the_MessagePack_reader_on_random_bytes()
    {
        var random = new Random(18);
        var accepted = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var blob = new byte[random.Next(1, 24)];
            random.NextBytes(blob);
            // Bias towards structure, so that many blobs are valid: small collections and short strings.
            for (var i = 0; i < blob.Length; i++)
            {
                if (random.Next(3) == 0) blob[i] = (byte)(0x90 | random.Next(3));
                else if (random.Next(3) == 0) blob[i] = (byte)random.Next(0x80);
                // The reader takes an array 32 or map 32 count of 2^31 and up for a negative one, and so an empty
                // collection: the validator refuses those counts (the test above covers both codes).
                if (blob[i] is 0xdd or 0xdf) blob[i] = 0x90;
            }
            var expected = SkipsAsOneValue(blob);
            bool actual;
            try
            {
                MessagePackValidator.Validate(blob, Limits);
                actual = true;
            }
            catch (EventDecodeException)
            {
                actual = false;
            }
            actual.Should().Be(expected, $"blob {Convert.ToHexString(blob)}");
            accepted += actual ? 1 : 0;
        }
        accepted.Should().BeGreaterThan(500, "the random blobs should exercise acceptance as well as refusal");
    }

    [Fact]
    public void Refuses_the_unused_code_collections_past_the_limits_and_deep_nesting()
    {
        var unused = () => MessagePackValidator.Validate(new byte[] { 0x91, 0xc1 }, Limits);
        unused.Should().Throw<EventDecodeException>().WithMessage("byte 0xc1 at offset 1 is not a MessagePack type");

        var huge = () => MessagePackValidator.Validate(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff }, Limits);
        huge.Should().Throw<EventDecodeException>().WithMessage("*declares 4294967295 elements*");

        var deep = () => MessagePackValidator.Validate(Enumerable.Repeat((byte)0x91, 70).Append((byte)0xc0).ToArray(), Limits);
        deep.Should().Throw<EventDecodeException>().WithMessage("values nest deeper than 64 levels");

        var many = () => MessagePackValidator.Validate(new byte[] { 0x93, 1, 2, 3 }, Limits with { MaxValues = 3 });
        many.Should().Throw<EventDecodeException>().WithMessage("message holds more than 3 values");
    }

    private static bool SkipsAsOneValue(byte[] blob)
    {
        try
        {
            var reader = new MessagePackReader(blob);
            reader.Skip();
            return reader.End;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
