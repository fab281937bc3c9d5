using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// The task context of a traced call (traceparent, then tracestate) decodes on the codec's fast path, without a
/// dictionary; any other layout decodes as before. Either way every key is there, in wire order, and the event
/// re-encodes to the same bytes.
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
        new[] { "tracestate" },
        new[] { "call_id", "traceparent", "tracestate" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_key_decodes_in_wire_order_and_re_encodes_to_the_same_bytes(string[] keys)
    {
        var blob = Request(keys.Select(key => (key, (object)ValueOf(key))).ToArray());

        var evt = EventCodec.Decode(blob);

        (evt.Header.Context is TraceContextHeader).Should().Be(keys is ["traceparent"] or ["traceparent", "tracestate"],
            "only a traced call's usual context takes no dictionary");

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

    [Fact]
    public void The_trace_keys_decode_wherever_they_stand_among_the_protocol_keys_and_in_any_short_str_encoding()
    {
        var tracestate = new string('s', 200);
        foreach (var wide in new[] { false, true })
        foreach (var order in new[] { new[] { "traceparent", "tracestate", "message_id", "v", "response_to" },
                     new[] { "v", "traceparent", "message_id", "tracestate", "response_to" },
                     new[] { "message_id", "response_to", "traceparent", "v", "tracestate" } })
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(output);
            writer.WriteArrayHeader(3);
            writer.WriteMapHeader(order.Length);
            foreach (var key in order)
            {
                Str(ref writer, key, wide);
                switch (key)
                {
                    case "v": writer.Write(3); break;
                    case "message_id": writer.Write(new byte[] { 1, 2, 3 }); break;
                    case "response_to": writer.Write(new byte[] { 4, 5, 6 }); break;
                    case "traceparent": Str(ref writer, Parent, wide); break;
                    default: Str(ref writer, tracestate, wide); break;
                }
            }
            writer.Write("OK");
            writer.WriteArrayHeader(0);
            writer.Flush();
            var blob = output.WrittenSpan.ToArray();

            var evt = EventCodec.Decode(blob);

            evt.Header.Context.Should().BeOfType<TraceContextHeader>();
            evt.Header.Context.Should().Equal(new Dictionary<string, object?> { ["traceparent"] = Parent, ["tracestate"] = tracestate });
            evt.Header.MessageId.Bytes.ToArray().Should().Equal(1, 2, 3);
            evt.Header.ResponseTo!.Value.Bytes.ToArray().Should().Equal(4, 5, 6);
            evt.Header.Version.Should().Be(3);
            evt.Name.Should().Be("OK");
        }
    }

    [Fact]
    public void Repeated_trace_keys_keep_the_last_value_as_a_map_does()
    {
        var blob = Request(("traceparent", "first"), ("traceparent", Parent), ("tracestate", "a=1"), ("tracestate", "b=2"));

        var evt = EventCodec.Decode(blob);

        evt.Header.Context.Should().Equal(new Dictionary<string, object?> { ["traceparent"] = Parent, ["tracestate"] = "b=2" });
    }

    [Fact]
    public void A_received_traceparent_stays_bytes_until_read_and_re_encodes_as_it_came()
    {
        // Not a W3C traceparent at all: the header keeps it as sent, and the server only fails to continue it.
        var blob = Request(("traceparent", "not-a-trace"), ("tracestate", "k=v"));

        var evt = EventCodec.Decode(blob);

        var trace = evt.Header.Context.Should().BeOfType<TraceContextHeader>().Subject;
        TraceContextHeader.TryGetRemoteParent(trace, out _).Should().BeFalse();
        trace.TraceParent.Should().Be("not-a-trace");
        var raw = new ArrayBufferWriter<byte>();
        EventCodec.Encode(raw, evt);
        raw.WrittenSpan.ToArray().Should().Equal(blob);
    }

    private static void Str(ref MessagePackWriter writer, string text, bool wide)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        if (wide)
        {
            // str 8 even when a fixstr would do: legal, and what some peers write.
            writer.WriteRaw(new byte[] { 0xd9, (byte)utf8.Length });
            writer.WriteRaw(utf8);
        }
        else
        {
            writer.WriteString(utf8);
        }
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
