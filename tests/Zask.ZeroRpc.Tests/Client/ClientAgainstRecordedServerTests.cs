using Zask.ZeroRpc.Tests.Conversations;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// Our <see cref="ZeroRpcClient"/> against a fake server that replays what a real zerorpc-python server sent in
/// each recorded conversation, over real NetMQ sockets on loopback.
/// </summary>
public class ClientAgainstRecordedServerTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Plain_call_returns_the_recorded_greeting()
    {
        var (value, error, _) = await ReplayAsync("plain-call", client => client.CallAsync<string>("hello", "World"));

        error.Should().BeNull();
        value.Should().Be("Hello, World!");
    }

    [Fact]
    public async Task Stream_of_300_yields_every_item_in_order_and_grants_the_recorded_credits()
    {
        var (items, error, transcript) = await ReplayAsync("stream-300-with-credits", async client =>
        {
            var received = new List<long>();
            await foreach (var item in client.StreamAsync<long>("range", 300))
            {
                received.Add(item);
            }
            return received;
        });

        error.Should().BeNull();
        items.Should().Equal(Enumerable.Range(0, 300).Select(i => (long)i));
        // The fake server only released each batch after the matching credit; here is the exact sequence too.
        transcript.Received.Where(r => r.Event.Name == EventNames.More).Select(r => EventText.ArgsJson(r.Event))
            .Should().Equal(["[100]", "[51]", "[51]", "[51]", "[51]", "[51]"], $"zerorpc-python's buffered channel grants these{transcript}");
    }

    [Fact]
    public async Task Call_error_raises_the_remote_ValueError_with_its_traceback()
    {
        var conversation = RecordedConversation.Get("call-error");
        var recordedTraceback = conversation.Events[^1].Args![2]!.GetValue<string>();

        var (_, error, _) = await ReplayAsync("call-error", client => client.CallAsync<object?>("fail", "boom"));

        var remote = error.Should().BeOfType<RemoteException>().Subject;
        remote.Name.Should().Be("ValueError");
        remote.RemoteMessage.Should().Be("boom");
        remote.RemoteTraceback.Should().Be(recordedTraceback);
    }

    [Fact]
    public async Task Unknown_method_raises_the_remote_NameError()
    {
        var (_, error, _) = await ReplayAsync("unknown-method", client => client.CallAsync<object?>("no_such_method"));

        var remote = error.Should().BeOfType<RemoteException>().Subject;
        remote.Name.Should().Be("NameError");
        remote.RemoteMessage.Should().Be("no_such_method");
        remote.RemoteTraceback.Should().Contain("NameError: no_such_method");
    }

    [Fact]
    public async Task Stream_then_error_yields_the_items_then_raises_the_RuntimeError()
    {
        var received = new List<long>();
        var (_, error, _) = await ReplayAsync("stream-then-error", async client =>
        {
            await foreach (var item in client.StreamAsync<long>("stream_fail", 2))
            {
                received.Add(item);
            }
            return received;
        });

        received.Should().Equal(0L, 1L);
        var remote = error.Should().BeOfType<RemoteException>().Subject;
        remote.Name.Should().Be("RuntimeError");
        remote.RemoteMessage.Should().Be("stream failed");
    }

    [Fact]
    public async Task Heartbeats_during_a_3s_sleep_flow_both_ways_and_the_result_arrives()
    {
        // The recording used a 1 s heartbeat on both sides; the fake server waits for each of our client's beats.
        var (value, error, transcript) = await ReplayAsync("heartbeats-during-sleep",
            client => client.CallAsync<long>("sleep", 3), HeartbeatOptions.FromSeconds(1));

        error.Should().BeNull();
        value.Should().Be(3);
        transcript.Received.Count(r => r.Event.Name == EventNames.Heartbeat)
            .Should().BeGreaterThanOrEqualTo(2, $"our client beats about once a second during the call{transcript}");
        transcript.Sent.Count(s => s.Event.Name == EventNames.Heartbeat).Should().Be(2, "the recorded server beat twice");
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a client connected to a fake server replaying <paramref name="id"/>.
    /// The fake server's own complaint (wrong request, missing credit) explains a failure best, so it wins.
    /// </summary>
    internal static async Task<(T? Value, Exception? Error, ConversationTranscript Transcript)> ReplayAsync<T>(
        string id, Func<ZeroRpcClient, Task<T>> work, HeartbeatOptions? heartbeat = null, ZeroRpcContext? context = null)
    {
        using var fake = new FakeZeroRpcServer(RecordedConversation.Get(id), matchHeartbeats: heartbeat is not null);
        var replay = fake.Start();
        using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Timeout = CallTimeout,
            Heartbeat = heartbeat ?? HeartbeatOptions.Default,
            Context = context,
        });
        client.Connect(fake.Endpoint);
        var call = Task.Run(() => work(client));

        await Task.WhenAny(replay, call);
        if (replay.IsFaulted)
        {
            await replay;
        }
        T? value = default;
        Exception? error = null;
        try
        {
            value = await call.WaitAsync(CallTimeout + TimeSpan.FromSeconds(2));
        }
        catch (Exception ex)
        {
            error = ex;
        }
        var finished = await Task.WhenAny(replay, Task.Delay(TimeSpan.FromSeconds(10)));
        if (finished != replay)
        {
            throw new TimeoutException($"the fake server did not finish; client outcome: {error?.Message ?? "ok"}{fake.Transcript}");
        }
        return (value, error, await replay);
    }
}
