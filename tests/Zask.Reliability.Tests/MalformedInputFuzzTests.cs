using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using Zask.Reliability.Tests.Fuzz;
using Zask.Reliability.Tests.Services;
using Zask.ZeroRpc.Wire;

namespace Zask.Reliability.Tests;

/// <summary>
/// Over a hundred thousand broken messages from a raw DEALER: the server must reject each one (and count it),
/// answer the well-formed-but-wrong ones with ERR, keep its memory bounded, and still serve a proper call after.
/// </summary>
public sealed class MalformedInputFuzzTests(ITestOutputHelper output)
{
    private const int MaxMessageBytes = 64 * 1024;

    /// <summary>Generous: the point is "bounded", not a tight budget; a leak of one buffer per message would be ~GBs.</summary>
    private const long ManagedGrowthBound = 64L * 1024 * 1024;
    private const long WorkingSetGrowthBound = 256L * 1024 * 1024;

    [Fact]
    public async Task The_server_survives_a_flood_of_malformed_messages_with_bounded_memory_and_keeps_serving()
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        var limits = new DecodeLimits { MaxMessageBytes = MaxMessageBytes };
        using var server = new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { Limits = limits });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        client.Connect(endpoint);
        (await client.CallAsync<string>("echo", "warm up")).Should().Be("warm up");

        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;
        var generator = new MalformedMessageGenerator(ReliabilitySettings.Seed, MaxMessageBytes);
        var expected = new Dictionary<FuzzOutcome, long> { [FuzzOutcome.Rejected] = 0, [FuzzOutcome.Answered] = 0, [FuzzOutcome.Dropped] = 0 };
        var replies = new Dictionary<string, long>(StringComparer.Ordinal);
        var sent = 0L;
        var decoderEscapes = 0L;
        var peakWorkingSet = workingSetBefore;

        using (var dealer = new DealerSocket())
        {
            dealer.Options.ReceiveHighWatermark = 0;
            dealer.Connect(endpoint);
            while (expected[FuzzOutcome.Rejected] < ReliabilitySettings.FuzzMessages)
            {
                var blob = generator.Next(out var outcome);
                expected[outcome]++;
                if (outcome == FuzzOutcome.Rejected && EscapesTheDecoder(blob, limits))
                {
                    decoderEscapes++;
                }
                dealer.SendMoreFrameEmpty().SendFrame(blob);
                sent++;
                // Drain as we go, so the server's replies never back up against a high-water mark.
                Drain(dealer, replies, TimeSpan.Zero);
                if (sent % 10_000 == 0)
                {
                    peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                }
            }
            var drainDeadline = Stopwatch.StartNew();
            while (Answers(replies) < expected[FuzzOutcome.Answered] && drainDeadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                Drain(dealer, replies, TimeSpan.FromMilliseconds(100));
            }
            await Eventually.True(() => server.RejectedMessages >= expected[FuzzOutcome.Rejected] - decoderEscapes,
                $"the server rejected all {expected[FuzzOutcome.Rejected]} malformed messages (so far {server.RejectedMessages})", TimeSpan.FromSeconds(60));

            // The same raw socket, now well-behaved, is served normally.
            dealer.SendMoreFrameEmpty().SendFrame(RawEvent.Request("echo", RawEvent.Args((ref MessagePackWriter w) => w.Write("clean"))));
            var frames = new List<byte[]>();
            // Earlier replies may still be queued (refusals told why, NameError/TypeError answers): read up to
            // the answer to this call, which must come, and must be OK.
            Event? answer = null;
            var deadline = Stopwatch.StartNew();
            while (answer is null && deadline.Elapsed < TimeSpan.FromSeconds(30)
                   && dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(10), ref frames))
            {
                var reply = EventCodec.Decode(frames[^1]);
                if (MsgPackText(reply.Args).Contains("clean", StringComparison.Ordinal))
                {
                    answer = reply;
                }
            }
            answer.Should().NotBeNull("a well-formed call on the fuzzed socket is answered");
            answer!.Name.Should().Be("OK");
        }

        figures.CallMade();
        (await client.CallAsync<string>("echo", "after the flood")).Should().Be("after the flood");
        figures.CallSucceeded();
        await Eventually.True(() => server.InFlightCalls == 0 && server.OpenChannels == 0, "no call or channel was left open by the flood");

        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetAfter = Environment.WorkingSet;
        peakWorkingSet = Math.Max(peakWorkingSet, workingSetAfter);
        figures.AddMalformedSent(sent);
        figures.SetMalformedRejected(server.RejectedMessages);
        figures.Duration = clock.Elapsed;
        figures.Set("messages_per_second", Math.Round(sent / figures.Duration.TotalSeconds));
        figures.Set("expected_rejected", expected[FuzzOutcome.Rejected]);
        figures.Set("expected_answered_with_err", expected[FuzzOutcome.Answered]);
        figures.Set("expected_dropped_unroutable", expected[FuzzOutcome.Dropped]);
        figures.Set("server_dropped_events", server.DroppedEvents);
        figures.Set("decoder_escapes_not_counted_as_rejected", decoderEscapes);
        figures.Set("replies_by_error_name", replies);
        figures.Set("categories", generator.Categories);
        figures.Set("max_message_bytes", MaxMessageBytes);
        figures.Set("managed_bytes_before", managedBefore);
        figures.Set("managed_bytes_after", managedAfter);
        figures.Set("working_set_bytes_before", workingSetBefore);
        figures.Set("working_set_bytes_peak", peakWorkingSet);
        figures.Set("working_set_bytes_after", workingSetAfter);
        figures.Set("seed", ReliabilitySettings.Seed);
        ReliabilityReport.Record("malformed_input_fuzz", figures, output);

        expected[FuzzOutcome.Rejected].Should().BeGreaterThanOrEqualTo(ReliabilitySettings.FuzzMessages);
        // Known bug (see DecodeLimitTests.Strings_and_bins_declaring_2_GiB_or_more_are_rejected_and_counted): those
        // messages escape the decoder as ArgumentOutOfRangeException and are not counted. Once fixed, escapes are 0.
        server.RejectedMessages.Should().Be(expected[FuzzOutcome.Rejected] - decoderEscapes, "every malformed message is rejected and counted, once");
        Answers(replies).Should().Be(expected[FuzzOutcome.Answered], "every well-formed call is answered exactly once");
        replies.Keys.Should().BeSubsetOf(["ERR:NameError", "ERR:TypeError", RefusalTold]);
        replies.GetValueOrDefault(RefusalTold).Should().BeLessThanOrEqualTo(expected[FuzzOutcome.Rejected],
            "only rejected requests whose header was readable are told why");
        server.DroppedEvents.Should().Be(expected[FuzzOutcome.Dropped], "events for unknown channels are dropped, never run as calls");
        (managedAfter - managedBefore).Should().BeLessThan(ManagedGrowthBound);
        (peakWorkingSet - workingSetBefore).Should().BeLessThan(WorkingSetGrowthBound);
    }

    /// <summary>Whether the decoder throws something other than its documented EventDecodeException.</summary>
    private static bool EscapesTheDecoder(byte[] blob, DecodeLimits limits)
    {
        try
        {
            EventCodec.Decode(blob, limits);
            return false;
        }
        catch (EventDecodeException)
        {
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }

    private static void Drain(DealerSocket dealer, Dictionary<string, long> replies, TimeSpan wait)
    {
        var frames = new List<byte[]>();
        while (dealer.TryReceiveMultipartBytes(wait, ref frames))
        {
            var reply = EventCodec.Decode(frames[^1]);
            var key = reply.Name;
            if (reply.Name == "ERR")
            {
                var reader = new MessagePackReader(reply.Args);
                reader.ReadArrayHeader();
                key = $"ERR:{reader.ReadString()}";
            }
            replies[key] = replies.GetValueOrDefault(key) + 1;
            wait = TimeSpan.Zero;
        }
    }

    // The answer a rejected request gets when its header could still be read: not an answer to a call.
    private const string RefusalTold = "ERR:InvalidMessage";

    private static long Answers(Dictionary<string, long> replies) =>
        replies.Where(r => r.Key != RefusalTold).Sum(r => r.Value);

    private static string MsgPackText(ReadOnlyMemory<byte> value) =>
        MessagePack.MessagePackSerializer.ConvertToJson(value);
}
