using Zask.ZeroRpc.Tests.Conversations;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// Our <see cref="ZeroRpcServer"/> (serving the showcase service) against a fake client that replays the bytes a
/// real zerorpc-python client sent in each recorded conversation, over real NetMQ sockets on loopback.
/// </summary>
public class ServerAgainstRecordedClientTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Plain_call_is_answered_with_the_recorded_OK() =>
        await ReplayAsync("plain-call", HeartbeatOptions.Default);

    [Fact]
    public async Task Call_error_is_answered_with_ValueError_boom() =>
        await ReplayAsync("call-error", HeartbeatOptions.Default);

    [Fact]
    public async Task Unknown_method_is_answered_with_NameError_and_the_method_name() =>
        await ReplayAsync("unknown-method", HeartbeatOptions.Default);

    [Fact]
    public async Task Stream_then_error_sends_the_items_then_RuntimeError() =>
        await ReplayAsync("stream-then-error", HeartbeatOptions.Default);

    [Fact]
    public async Task Stream_of_300_honours_every_credit_and_ends_with_STREAM_DONE_nil()
    {
        // The fake client checks every item against the recording and the credit limit as it arrives.
        var transcript = await ReplayAsync("stream-300-with-credits", HeartbeatOptions.Default);

        var replies = transcript.Received.Select(r => r.Event).Where(e => e.Name != EventNames.Heartbeat).ToList();
        replies.Where(e => e.Name == EventNames.Stream).Select(EventText.ArgsJson)
            .Should().Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        replies.Should().HaveCount(301);
        replies[^1].Name.Should().Be(EventNames.StreamDone);
        EventText.ArgsJson(replies[^1]).Should().Be("null", "zerorpc-python sends STREAM_DONE with nil args");
        transcript.Sent.Where(s => s.Event.Name == EventNames.More).Select(s => EventText.ArgsJson(s.Event))
            .Should().Equal("[100]", "[51]", "[51]", "[51]", "[51]", "[51]");
    }

    [Fact]
    public async Task Heartbeats_during_a_3s_sleep_and_the_late_client_beat_is_dropped() =>
        await ReplayAsync("heartbeats-during-sleep", HeartbeatOptions.FromSeconds(1), async (server, client, transcript) =>
        {
            var ok = transcript.Received.Single(r => r.Event.Name == EventNames.Ok);
            client.ServerHeartbeats.Should().NotBeEmpty($"our server beats about once a second during the sleep{transcript}");
            client.ServerHeartbeats.Should().OnlyContain(hb => hb.AtMs < ok.AtMs, "a channel beats only while it is open");
            // The recorded client beat once more after OK and the replay sent it after OK arrived; it is the only
            // event the server could not route (the earlier beats reached the open channel).
            transcript.Sent[^1].Event.Name.Should().Be(EventNames.Heartbeat);
            transcript.Sent[^1].AtMs.Should().BeGreaterThanOrEqualTo(ok.AtMs);
            await Eventually.True(() => server.DroppedEvents == 1,
                $"the late heartbeat should be dropped, DroppedEvents = {server.DroppedEvents}{transcript}");
            server.RejectedMessages.Should().Be(0);
        });

    /// <summary>
    /// Replays the conversation against a fresh server; afterwards nothing more may arrive within 300 ms and the
    /// server must have closed the channel. <paramref name="then"/> runs further checks before everything is disposed.
    /// </summary>
    private static async Task<ConversationTranscript> ReplayAsync(string id, HeartbeatOptions heartbeat,
        Func<ZeroRpcServer, FakeZeroRpcClient, ConversationTranscript, Task>? then = null)
    {
        var conversation = RecordedConversation.Get(id);
        using var server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions { Heartbeat = heartbeat });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        using var client = new FakeZeroRpcClient(endpoint);

        var transcript = client.Replay(conversation);

        client.TryReceive(Quiet, transcript).Should().BeNull($"the server should send nothing after its final reply{transcript}");
        await Eventually.True(() => server.OpenChannels == 0, $"the channel should close after the final reply{transcript}");
        await Eventually.True(() => server.InFlightCalls == 0, "the call should be finished");
        if (then is not null)
        {
            await then(server, client, transcript);
        }
        return transcript;
    }
}
