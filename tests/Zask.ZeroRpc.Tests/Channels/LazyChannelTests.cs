namespace Zask.ZeroRpc.Tests.Channels;

/// <summary>
/// A call run on the I/O thread opens its channel only when something needs one: it waits, it streams, or its token
/// is asked for. Until then nothing can arrive for it; from then on heartbeats, loss and reused ids work as always.
/// </summary>
[Collection(SerialCollection.Name)]
public class LazyChannelTests
{
    // A raw caller never beats: the server declares it lost after two 200 ms periods. Only where losing it is the point.
    private static readonly HeartbeatOptions Fast = new() { Period = TimeSpan.FromMilliseconds(200) };

    // Everywhere else no peer may be lost, even in a test host starved for seconds (load 30-40 on 2 cores): a 4 s loss
    // window. 200 ms periods failed there, when the host froze for longer than the 400 ms window.
    private static readonly HeartbeatOptions Patient = new() { Period = TimeSpan.FromSeconds(2) };

    [ZeroRpcDispatch(CallDispatch.Inline)]
    public sealed class InlineService
    {
        public TaskCompletionSource Proceed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Hello(string name) => $"Hello, {name}!";

        // Asking for the token opens the call's channel, even though the call never waits.
        public string HelloWithToken(string name, CancellationToken token) => token.CanBeCanceled ? $"Hello, {name}!" : "no token";

        // The server serving this instance, set by Serve (a property: not exposed as a method; a call context does
        // not reach up to its server).
        public ZeroRpcServer? Server { get; set; }

        public int OpenChannelsNow() => Server!.OpenChannels;

        public Task<int> OpenChannelsNowAsync() => Task.FromResult(Server!.OpenChannels);

        public async Task<string> WaitToProceed()
        {
            await Proceed.Task;
            return "proceeded";
        }

        // Lasting several heartbeat periods is what this method is for.
        public async Task<string> Sleep(int ms)
        {
            await Task.Delay(ms);
            return "slept";
        }

        // Takes the token before its first wait, while the call still runs on the I/O thread.
        public async Task<string> WaitUntilCancelled()
        {
            var token = ServerCallContext.Current!.CancellationToken;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), token);
                Outcome.TrySetResult("not cancelled");
            }
            catch (OperationCanceledException)
            {
                Outcome.TrySetResult("cancelled");
            }
            return "done";
        }

        public long AllocatedOnThisThread() => GC.GetAllocatedBytesForCurrentThread();
    }

    private sealed class NoOpMiddleware : IZeroRpcMiddleware
    {
    }

    /// <summary>A middleware whose hook waits before every call.</summary>
    private sealed class YieldingMiddleware : IZeroRpcMiddleware
    {
        public async ValueTask ServerBeforeExecAsync(ServerCallContext call) => await Task.Yield();
    }

    private static (ZeroRpcServer Server, string Endpoint) Serve(InlineService service, IZeroRpcMiddleware? middleware = null,
        HeartbeatOptions? heartbeat = null)
    {
        var server = new ZeroRpcServer(service, new ZeroRpcServerOptions
        {
            Heartbeat = heartbeat ?? Patient,
            Context = new ZeroRpcContext(middleware ?? new NoOpMiddleware()),
        });
        service.Server = server;
        return (server, server.Bind(FreePort.Endpoint()));
    }

    private static ZeroRpcClient Connect(string endpoint)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30), Heartbeat = Patient });
        client.Connect(endpoint);
        return client;
    }

    [Fact]
    public async Task With_a_middleware_a_call_that_completes_on_the_io_thread_opens_no_channel()
    {
        var (server, endpoint) = Serve(new InlineService());
        await using var _ = server;
        await using var client = Connect(endpoint);

        (await client.CallAsync<int>("open_channels_now")).Should().Be(0);
        (await client.CallAsync<int>("open_channels_now_async")).Should().Be(0, "a task that is already complete never waits");
        (await client.CallAsync<string>("hello", "lazy")).Should().Be("Hello, lazy!");
        server.InFlightCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_call_that_waits_opens_its_channel_keeps_its_caller_through_heartbeats_and_then_frees_it()
    {
        var service = new InlineService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        await using var client = Connect(endpoint);

        var waiting = client.CallAsync<string>("wait_to_proceed");
        await Eventually.True(() => server.OpenChannels == 1, "the waiting call opened its channel");
        service.Proceed.SetResult();
        (await waiting).Should().Be("proceeded");

        // Four periods: without the server's beats on the channel, the client would declare it lost after three.
        (await client.CallAsync<string>("sleep", (int)(4 * Patient.Period.TotalMilliseconds))).Should().Be("slept");
        await Eventually.True(() => server.OpenChannels == 0 && server.InFlightCalls == 0, "the calls freed their channels");
    }

    [Fact]
    public async Task A_hook_that_waits_opens_the_channel_and_the_call_still_answers()
    {
        var (server, endpoint) = Serve(new InlineService(), new YieldingMiddleware());
        await using var _ = server;
        await using var client = Connect(endpoint);

        (await client.CallAsync<int>("open_channels_now")).Should().Be(1, "the hook waited, so the call has its channel");
        (await client.CallAsync<string>("hello", "after a hook")).Should().Be("Hello, after a hook!");
        await Eventually.True(() => server.OpenChannels == 0, "the channels were freed");
    }

    [Fact]
    public async Task A_token_taken_before_the_call_first_waits_fires_when_the_caller_is_lost()
    {
        var service = new InlineService();
        var (server, endpoint) = Serve(service, heartbeat: Fast);
        await using var _ = server;
        using var dealer = RawCaller.Call(endpoint, "wait_until_cancelled");

        (await service.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("cancelled");
        await Eventually.True(() => server.InFlightCalls == 0 && server.OpenChannels == 0, "the cancelled call ended");
    }

    [Fact]
    public async Task A_request_that_reuses_the_id_of_a_waiting_inline_call_is_ignored()
    {
        var service = new InlineService();
        // No heartbeats: the raw caller never beats, and a server that declared it lost would answer nothing at all.
        var (server, endpoint) = Serve(service, heartbeat: HeartbeatOptions.Disabled);
        await using var _ = server;
        var id = MessageIdGenerator.Next();
        using var dealer = RawCaller.Call(endpoint, id, "wait_to_proceed");
        await Eventually.True(() => server.InFlightCalls == 1, "the waiting call started");
        RawCaller.Send(dealer, id, "hello", "again");
        // A request sent after it on the same connection is answered: the server has read the one with the reused id.
        var marker = MessageIdGenerator.Next();
        RawCaller.Send(dealer, marker, "hello", "marker");
        RawCaller.NextReply(dealer).Header.ResponseTo.Should().Be(marker, "the waiting call has not answered yet");
        service.Proceed.SetResult();

        // Its answer is waited for, not expected within a quiet second (a starved host may take longer); only then
        // is a quiet second the check that nothing else answers.
        var answer = RawCaller.NextReply(dealer);
        answer.Name.Should().Be(EventNames.Ok);
        answer.Header.ResponseTo.Should().Be(id);
        RawCaller.NamesUntilQuiet(dealer, TimeSpan.FromSeconds(1)).Should().BeEmpty("only the call in flight answers on its channel");
    }

    [Fact]
    public async Task With_a_middleware_plain_calls_open_no_channel_and_a_waiting_call_opens_one()
    {
        var service = new InlineService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        await using var client = Connect(endpoint);
        var batch = new Task<string>[32];
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = client.CallAsync<string>("hello", "lazy");
            }
            (await Task.WhenAll(batch)).Should().AllBe("Hello, lazy!");
        }
        server.ChannelsOpened.Should().Be(0, "no plain call needed a channel, not even for a moment");

        var waiting = client.CallAsync<string>("wait_to_proceed");
        await Eventually.True(() => server.ChannelsOpened == 1, "the waiting call opened a channel");
        service.Proceed.SetResult();
        (await waiting).Should().Be("proceeded");
    }

    [Fact]
    public void With_a_middleware_a_plain_call_allocates_no_channel()
    {
        // Served on this thread, so this thread's allocation counter sees the whole call. The same call made to take
        // its token opens a channel: the difference is what a channel costs, and a plain call must not pay it.
        using var dispatch = new SynchronousDispatch(new InlineService(), new ZeroRpcServerOptions
        {
            Heartbeat = Fast,
            Context = new ZeroRpcContext(new NoOpMiddleware()),
        });
        var plain = dispatch.BytesPerCall(SynchronousDispatch.Request("hello", "bench"), calls: 20_000);
        dispatch.Server.ChannelsOpened.Should().Be(0);
        var withChannel = dispatch.BytesPerCall(SynchronousDispatch.Request("hello_with_token", "bench"), calls: 20_000);
        dispatch.Server.ChannelsOpened.Should().Be(25_000, "each call that took its token opened a channel");

        dispatch.FirstReply!.Name.Should().Be(EventNames.Ok);
        plain.Should().BeLessThan(withChannel - 84, "a channel with its registration and token source is over 168 B");
    }
}
