using System.Buffers;
using System.Text.Json.Nodes;
using MessagePack;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>The codec against every event captured from real zerorpc-python and zerorpc-node peers.</summary>
public class EventCodecVectorTests
{
    // The one capture whose integer width no smallest-encoding writer reproduces (see the vectors' notes).
    private const string ExplicitWidthVector = "node-echo_int64_max-request";

    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Vectors.Value.Values) data.Add(vector["id"]!.GetValue<string>());
        return data;
    }

    private static readonly Lazy<Dictionary<string, JsonObject>> Vectors = new(() =>
        SharedTestData.Load("zerorpc-vectors.json")["vectors"]!.AsArray()
            .Select(v => v!.AsObject())
            .ToDictionary(v => v["id"]!.GetValue<string>()));

    [Fact]
    public void All_175_vectors_are_present() => Vectors.Value.Should().HaveCount(175);

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Decodes_to_the_captured_header_name_and_args(string id)
    {
        var vector = Vectors.Value[id];
        var evt = EventCodec.Decode(SharedTestData.Hex(vector["blob_hex"]!.GetValue<string>()));
        var expected = vector["decoded"]!.AsObject();

        evt.Name.Should().Be(expected["name"]!.GetValue<string>());
        JsonNode.DeepEquals(MsgPackJson.RenderHeader(evt.Header), expected["header"]).Should()
            .BeTrue($"header {MsgPackJson.RenderHeader(evt.Header)} should equal {expected["header"]}");
        var args = MsgPackJson.Render(MsgPackJson.DecodeValue(evt.Args));
        JsonNode.DeepEquals(args, expected["args"]).Should().BeTrue($"args {Truncate(args)} should equal {Truncate(expected["args"])}");
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Re_encodes_to_the_same_bytes(string id)
    {
        var blob = SharedTestData.Hex(Vectors.Value[id]["blob_hex"]!.GetValue<string>());
        var evt = EventCodec.Decode(blob);

        var raw = new ArrayBufferWriter<byte>();
        EventCodec.Encode(raw, evt);
        raw.WrittenSpan.ToArray().Should().Equal(blob);

        // Value level: the args decoded to .NET values and written again with the smallest encodings.
        var value = MsgPackJson.DecodeValue(evt.Args);
        var reencoded = MessagePackSerializer.Serialize<object?>(value, ZeroRpcSerializer.Options);
        if (id == ExplicitWidthVector)
        {
            reencoded.Should().NotEqual(evt.Args.ToArray(), "the Node client chose an explicit int64 width here");
            JsonNode.DeepEquals(MsgPackJson.Render(MsgPackJson.DecodeValue(reencoded)), MsgPackJson.Render(value)).Should().BeTrue();
        }
        else
        {
            reencoded.Should().Equal(evt.Args.ToArray());
        }
    }

    [Fact]
    public void Frames_of_dealer_messages_are_an_empty_delimiter_then_the_blob()
    {
        foreach (var vector in Vectors.Value.Values)
        {
            var frames = vector["frames_hex"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
            var direction = vector["direction"]!.GetValue<string>();
            if (direction is "push" or "pub")
            {
                frames.Should().ContainSingle();
            }
            else
            {
                frames.Should().HaveCount(2);
                frames[0].Should().BeEmpty();
            }
            frames[^1].Should().Be(vector["blob_hex"]!.GetValue<string>());
        }
    }

    private static string Truncate(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
