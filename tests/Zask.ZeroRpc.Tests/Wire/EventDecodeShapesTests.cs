using System.Buffers;
using System.Text;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// The decoder reads the usual event (an id, a version, maybe a response_to, a short name) without the general
/// MessagePack reader, and everything else with it: both must give the same event for every header encoding.
/// </summary>
public class EventDecodeShapesTests
{
    public static TheoryData<string, bool, bool, bool, bool, string?> Shapes()
    {
        var data = new TheoryData<string, bool, bool, bool, bool, string?>();
        foreach (var binaryIds in new[] { true, false })
        foreach (var versionFirst in new[] { true, false })
        foreach (var withResponseTo in new[] { true, false })
        foreach (var wideStrings in new[] { true, false })
        foreach (var context in new string?[] { null, "trace-1" })
        {
            data.Add(wideStrings ? new string('n', 40) : "OK", binaryIds, versionFirst, withResponseTo, wideStrings, context);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Reads_every_header_encoding_the_same_way(string name, bool binaryIds, bool versionFirst, bool withResponseTo,
        bool wideStrings, string? context)
    {
        var id = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
        var responseTo = Encoding.UTF8.GetBytes("fedcba9876543210fedcba9876543210");
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.WriteMapHeader(2 + (withResponseTo ? 1 : 0) + (context is null ? 0 : 1));
        void Text(ref MessagePackWriter w, string text)
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            if (wideStrings)
            {
                // str 8 even for short text: legal, and what some peers write.
                w.WriteRaw(new byte[] { 0xd9, (byte)utf8.Length });
                w.WriteRaw(utf8);
            }
            else
            {
                w.WriteString(utf8);
            }
        }
        void Id(ref MessagePackWriter w, byte[] bytes)
        {
            if (binaryIds) w.Write(bytes);
            else w.WriteString(bytes);
        }
        if (versionFirst)
        {
            Text(ref writer, "v");
            writer.Write(3);
        }
        Text(ref writer, "message_id");
        Id(ref writer, id);
        if (!versionFirst)
        {
            Text(ref writer, "v");
            writer.Write(3);
        }
        if (withResponseTo)
        {
            Text(ref writer, "response_to");
            Id(ref writer, responseTo);
        }
        if (context is not null)
        {
            Text(ref writer, "trace");
            writer.Write(context);
        }
        Text(ref writer, name);
        writer.WriteArrayHeader(1);
        writer.Write("Hello, bench!");
        writer.Flush();
        var blob = buffer.WrittenMemory;

        foreach (var alias in new[] { true, false })
        {
            var evt = EventCodec.Decode(blob, DecodeLimits.Default, null, alias);

            evt.Name.Should().Be(name);
            evt.Header.MessageId.Bytes.ToArray().Should().Equal(id);
            evt.Header.MessageId.IsBinary.Should().Be(binaryIds);
            evt.Header.Version.Should().Be(3);
            evt.Header.VersionFirst.Should().Be(versionFirst);
            if (withResponseTo)
            {
                evt.Header.ResponseTo!.Value.Bytes.ToArray().Should().Equal(responseTo);
                evt.Header.ResponseTo.Value.IsBinary.Should().Be(binaryIds);
            }
            else
            {
                evt.Header.ResponseTo.Should().BeNull();
            }
            evt.Header.GetContextString("trace").Should().Be(context);
            MessagePackSerializer.Deserialize<string[]>(evt.Args).Should().Equal("Hello, bench!");

            if (wideStrings)
            {
                // The encoder writes keys in their smallest form: only the smallest-form blobs come back byte for byte.
                continue;
            }
            // Re-encoded as it came: the same bytes, whichever way it was read.
            var again = new ArrayBufferWriter<byte>();
            EventCodec.Encode(again, evt);
            again.WrittenSpan.ToArray().Should().Equal(blob.ToArray());
        }
    }

    [Fact]
    public void An_empty_message_id_is_still_refused()
    {
        byte[] blob = [0x93, 0x82, 0xaa, .. "message_id"u8.ToArray(), 0xa0, 0xa1, (byte)'v', 0x03, 0xa2, (byte)'O', (byte)'K', 0x90];

        var decode = () => EventCodec.Decode(blob);

        decode.Should().Throw<EventDecodeException>().WithMessage("event header has no message_id");
    }
}
