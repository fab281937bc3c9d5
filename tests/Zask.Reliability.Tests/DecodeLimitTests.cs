using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using Zask.Reliability.Tests.Fuzz;
using Zask.Reliability.Tests.Services;
using Zask.ZeroRpc.Wire;

namespace Zask.Reliability.Tests;

/// <summary>
/// Small messages that declare enormous or absurdly nested contents: the server must refuse them from their
/// headers, in bounded time and memory, instead of trying to build what they describe.
/// </summary>
public sealed class DecodeLimitTests(ITestOutputHelper output)
{
    private const long MemoryGrowthBound = 32L * 1024 * 1024;

    [Fact]
    public Task Arguments_nested_100000_deep_are_refused_without_exhausting_stack_or_memory() =>
        RefusedAsync("limits.nesting_100000", DecodeLimits.Default,
            RawEvent.Request("echo", RawEvent.Args(RawEvent.Nested(100_000))));

    [Fact]
    public Task An_array_declaring_4_billion_elements_is_refused_at_once() =>
        RefusedAsync("limits.array_2pow32_minus_1", DecodeLimits.Default,
            RawEvent.Request("echo", RawEvent.Args(RawEvent.Raw(0xdd, 0xff, 0xff, 0xff, 0xff))));

    [Fact]
    public async Task A_map_with_a_million_entries_beyond_the_configured_limit_is_refused_and_one_within_it_is_served()
    {
        var limits = new DecodeLimits { MaxValues = 100_000, MaxMessageBytes = 16 * 1024 * 1024 };
        var figures = await RefusedAsync("limits.map_1000000_entries", limits, RawEvent.Request("echo", RawEvent.Args(Map(1_000_000))));
        figures.Should().NotBeNull();

        // Control: the same shape within the limit is decoded and echoed, so the limit (not the shape) refused it.
        using var server = new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { Limits = limits });
        using var dealer = Dealer(server.Bind("tcp://127.0.0.1:*"));
        dealer.SendMoreFrameEmpty().SendFrame(RawEvent.Request("echo", RawEvent.Args(Map(10_000))));
        var reply = Receive(dealer, TimeSpan.FromSeconds(10));
        reply.Should().NotBeNull("a map within the limit is served");
        reply!.Name.Should().Be("OK");
        var reader = new MessagePackReader(reply.Args);
        reader.ReadArrayHeader();
        reader.ReadMapHeader().Should().Be(10_000);
    }

    [Fact]
    public async Task Strings_and_bins_declaring_2_GiB_or_more_are_rejected_and_counted()
    {
        byte[][] liars =
        [
            [0xc6, 0x80, 0x00, 0x00, 0x00, 0x00],             // bin32 of 2 GiB
            [0xc6, 0xff, 0xff, 0xff, 0xff, 0x00],             // bin32 of 4 GiB
            [0xdb, 0x80, 0x00, 0x00, 0x00, 0x41],             // str32 of 2 GiB
            RawEvent.Request("echo", RawEvent.Args(RawEvent.Raw(0xdb, 0xff, 0xff, 0xff, 0xff, 0x41))),
        ];
        foreach (var blob in liars)
        {
            FluentActions.Invoking(() => EventCodec.Decode(blob)).Should().Throw<EventDecodeException>(
                "the decoder's contract is EventDecodeException for any malformed input");
        }
        using var server = new ZeroRpcServer(new BlockingService());
        using var dealer = Dealer(server.Bind("tcp://127.0.0.1:*"));
        foreach (var blob in liars)
        {
            dealer.SendMoreFrameEmpty().SendFrame(blob);
        }
        await Eventually.True(() => server.RejectedMessages == liars.Length, "each one is counted as rejected", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_caller_of_a_request_refused_by_the_limits_is_told_why()
    {
        using var server = new ZeroRpcServer(new BlockingService());
        using var dealer = Dealer(server.Bind("tcp://127.0.0.1:*"));
        dealer.SendMoreFrameEmpty().SendFrame(RawEvent.Request("echo", RawEvent.Args(RawEvent.Nested(100_000))));
        var reply = Receive(dealer, TimeSpan.FromSeconds(5));
        reply.Should().NotBeNull("a caller whose request was refused should learn why instead of waiting for its timeout");
        reply!.Name.Should().Be("ERR");
        var reader = new MessagePackReader(reply.Args);
        reader.ReadArrayHeader();
        reader.ReadString();
        reader.ReadString().Should().Contain("nest");
    }

    /// <summary>Sends the message, checks it is refused without running and cheaply, and that the server still serves.</summary>
    private async Task<ReliabilityFigures> RefusedAsync(string name, DecodeLimits limits, byte[] message)
    {
        var figures = new ReliabilityFigures();
        using var server = new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { Limits = limits });
        using var dealer = Dealer(server.Bind("tcp://127.0.0.1:*"));
        dealer.SendMoreFrameEmpty().SendFrame(RawEvent.Request("echo", RawEvent.Args((ref MessagePackWriter w) => w.Write("warm"))));
        Receive(dealer, TimeSpan.FromSeconds(10)).Should().NotBeNull();

        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        dealer.SendMoreFrameEmpty().SendFrame(message);
        figures.AddMalformedSent(1);
        await Eventually.True(() => server.RejectedMessages == 1, "the message was refused", TimeSpan.FromSeconds(10));
        var refusedAfter = clock.Elapsed;
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        figures.SetMalformedRejected(server.RejectedMessages);

        // Nothing ran; the refused request is at most told why (ERR InvalidMessage); the next proper call is served.
        server.InFlightCalls.Should().Be(0);
        dealer.SendMoreFrameEmpty().SendFrame(RawEvent.Request("echo", RawEvent.Args((ref MessagePackWriter w) => w.Write("after"))));
        var reply = Receive(dealer, TimeSpan.FromSeconds(10));
        reply.Should().NotBeNull();
        if (reply!.Name == "ERR")
        {
            var error = new MessagePackReader(reply.Args);
            error.ReadArrayHeader();
            error.ReadString().Should().Be("InvalidMessage", "the only error expected is the refusal of the bad request");
            reply = Receive(dealer, TimeSpan.FromSeconds(10));
            reply.Should().NotBeNull();
        }
        reply!.Name.Should().Be("OK", "the next call is served");
        figures.FaultInjected();
        figures.FaultSurvived();

        figures.Duration = clock.Elapsed;
        figures.Set("message_bytes", message.Length);
        figures.Set("refused_within_ms", Math.Round(refusedAfter.TotalMilliseconds, 1));
        figures.Set("managed_growth_bytes", managedAfter - managedBefore);
        figures.Set("limits", new { limits.MaxDepth, limits.MaxValues, limits.MaxMessageBytes });
        ReliabilityReport.Record(name, figures, output);
        (managedAfter - managedBefore).Should().BeLessThan(MemoryGrowthBound);
        return figures;
    }

    /// <summary>A map of <paramref name="entries"/> distinct small integer keys to nil.</summary>
    private static WriteValue Map(int entries) => (ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(entries);
        for (var i = 0; i < entries; i++)
        {
            w.Write(i);
            w.WriteNil();
        }
    };

    private static DealerSocket Dealer(string endpoint)
    {
        var dealer = new DealerSocket();
        dealer.Connect(endpoint);
        return dealer;
    }

    private static Event? Receive(DealerSocket dealer, TimeSpan within)
    {
        var frames = new List<byte[]>();
        return dealer.TryReceiveMultipartBytes(within, ref frames) ? EventCodec.Decode(frames[^1]) : null;
    }
}
