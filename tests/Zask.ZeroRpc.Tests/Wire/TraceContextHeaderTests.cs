using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// The task context of a traced call (traceparent, then tracestate) decodes without a dictionary; any other layout
/// decodes as before. Either way every key is there, in wire order, and the event re-encodes to the same bytes.
/// </summary>
public class TraceContextHeaderTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static TheoryData<string[]> Layouts() => new()
    {
        new[] { "traceparent" },
        new[] { "traceparent", "tracestate" },
        new[] { "tracestate", "traceparent" },
        new[] { "traceparent", "call_id" },
        new[] { "traceparent", "tracestate", "call_id" },
        new[] { "call_id", "traceparent" },
        new[] { "call_id" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_key_decodes_in_wire_order_and_re_encodes_to_the_same_bytes(string[] keys)
    {
        var blob = Request(keys.Select(key => (key, (object)ValueOf(key))).ToArray());

        var evt = EventCodec.Decode(blob);

        evt.Header.Context.Select(pair => pair.Key).Should().Equal(keys);
        evt.Header.Context.Count.Should().Be(keys.Length);
        foreach (var key in keys)
        {
            evt.Header.Context[key].Should().Be(ValueOf(key));
            evt.Header.GetContextString(key).Should().Be(ValueOf(key));
        }
        evt.Header.Context.ContainsKey("absent").Should().BeFalse();
        var raw = new ArrayBufferWriter<byte>();
        EventCodec.Encode(raw, evt);
        raw.WrittenSpan.ToArray().Should().Equal(blob);
    }

    [Fact]
    public void A_traceparent_sent_as_bin_is_kept_as_bytes_and_read_as_text()
    {
        var blob = Request(("traceparent", System.Text.Encoding.UTF8.GetBytes(Parent)));

        var evt = EventCodec.Decode(blob);

        evt.Header.Context["traceparent"].Should().BeOfType<byte[]>();
        evt.Header.GetContextString("traceparent").Should().Be(Parent);
    }

    private static string ValueOf(string key) => key switch
    {
        "traceparent" => Parent,
        "tracestate" => "vendor=1",
        _ => "c0ffee",
    };

    private static byte[] Request(params (string Key, object Value)[] context)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.WriteMapHeader(2 + context.Length);
        writer.Write("message_id");
        writer.Write("3b1f");
        writer.Write("v");
        writer.Write(3);
        foreach (var (key, value) in context)
        {
            writer.Write(key);
            if (value is byte[] bytes)
            {
                writer.Write(bytes);
            }
            else
            {
                writer.Write((string)value);
            }
        }
        writer.Write("hello");
        writer.WriteArrayHeader(0);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
