using System.Diagnostics;
using System.Text;
using Zask.ZeroRpc.Diagnostics;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// The server reads a received traceparent from its bytes: it must accept and refuse what .NET's own parser of the
/// text does, and give the same context.
/// </summary>
public class TraceParentParsingTests
{
    private const string Valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static TheoryData<string> TraceParents() => new()
    {
        Valid,
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03",
        "fe-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0A",
        "0A-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333z-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-011",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
        "",
        "garbage",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-é",
    };

    [Theory]
    [MemberData(nameof(TraceParents))]
    public void Accepts_and_refuses_as_the_runtime_does_and_gives_the_same_context(string traceParent)
    {
        var expected = ActivityContext.TryParse(traceParent, "k=v", isRemote: true, out var expectedContext);

        var parsed = TraceContextHeader.TryParse(Encoding.UTF8.GetBytes(traceParent), "k=v", out var context);

        parsed.Should().Be(expected);
        context.Should().Be(expectedContext);
    }

    [Fact]
    public void Refuses_a_traceparent_whose_fields_are_not_separated_by_dashes()
    {
        // The W3C format's separators; the runtime's text parser does not look at them.
        var traceParent = Valid.Replace('-', '_');

        TraceContextHeader.TryParse(Encoding.UTF8.GetBytes(traceParent), null, out var context).Should().BeFalse();
        context.Should().Be(default(ActivityContext));
    }

    [Fact]
    public void A_span_context_sent_is_written_as_the_spans_id()
    {
        using var source = new ActivitySource("trace-parent-" + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var span = source.StartActivity("call")!;

        var header = TraceContextHeader.Of(span, "k=v");

        header.TraceParent.Should().Be(span.Id);
        header.Should().Equal(new Dictionary<string, object?> { ["traceparent"] = span.Id, ["tracestate"] = "k=v" });
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(output);
        TraceContextHeader.Of(span, null).Write(ref writer);
        writer.Flush();
        var reader = new MessagePack.MessagePackReader(output.WrittenMemory);
        reader.ReadString().Should().Be("traceparent");
        reader.ReadString().Should().Be(span.Id);
        reader.End.Should().BeTrue();
    }
}
