using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NetMQ;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Tests.Channels;

/// <summary>
/// Heartbeat loss, call timeouts and a stream waiting for credit, driven by a fake clock: each limit is checked just
/// before it (nothing happened) and at it (it happened), with real sockets on loopback and no waiting on real time.
/// </summary>
public class FakeClockTests
{
    // zerorpc's defaults: a beat every 5 s, lost after 2 missed beats. The "last heard" clock starts one period after
    // the channel opens, so a silent peer is lost once more than 5 + 2 × 5 = 15 s have passed.
    private static readonly HeartbeatOptions Beats = HeartbeatOptions.Default;
    private static readonly TimeSpan LastSafeMoment = Beats.Period * (1 + Beats.MissedBeats);
    // The heartbeat tick runs every second at a 5 s period: loss is seen at the first tick after the limit.
    private static readonly TimeSpan HeartbeatTick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_client_declares_a_silent_server_lost_after_the_missed_beats_and_not_before()
    {
        var clock = new FakeTimeProvider();
        using var server = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{server.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = Client(clock, Beats, TimeSpan.FromHours(1), endpoint);

        // At the last moment the server is still trusted: its answer then is taken.
        var answered = client.CallAsync<string>("hello", "first");
        var request = RawServer.ReceiveRequest(server);
        clock.Advance(LastSafeMoment);
        RawServer.Reply(server, request, "still here");
        (await answered).Should().Be("still here", "a server silent for exactly the allowed beats is not lost yet");

        // One tick later, a server as silent is lost.
        var lost = client.CallAsync<string>("hello", "second");
        RawServer.ReceiveRequest(server);
        clock.Advance(LastSafeMoment + HeartbeatTick);
        var error = await FluentActions.Awaiting(() => lost).Should().ThrowAsync<LostRemoteException>();
        error.Which.Message.Should().Contain("Lost remote after 10s heartbeat");
    }

    [Fact]
    public async Task A_call_times_out_at_its_deadline_and_not_before()
    {
        var timeout = TimeSpan.FromSeconds(10);
        using var server = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{server.BindRandomPort("tcp://127.0.0.1")}";

        // A millisecond before the deadline the call still waits: an answer then is its result.
        var early = new FakeTimeProvider();
        await using (var client = Client(early, HeartbeatOptions.Disabled, timeout, endpoint))
        {
            var call = client.CallAsync<string>("hello", "early");
            var request = RawServer.ReceiveRequest(server);
            early.Advance(timeout - TimeSpan.FromMilliseconds(1));
            RawServer.Reply(server, request, "in time");
            (await call).Should().Be("in time");
        }

        // At the deadline it fails, with no answer needed from anyone.
        var late = new FakeTimeProvider();
        await using (var client = Client(late, HeartbeatOptions.Disabled, timeout, endpoint))
        {
            var call = client.CallAsync<string>("hello", "late");
            RawServer.ReceiveRequest(server);
            late.Advance(timeout);
            var error = await FluentActions.Awaiting(() => call).Should().ThrowAsync<TimeoutExpiredException>();
            error.Which.Message.Should().Contain("timeout after 10s, when calling remote method hello");
            error.Which.ServerHeard.Should().BeFalse("the server never sent anything on the channel");
        }
    }

    [Fact]
    public async Task A_first_read_that_starts_waiting_after_its_deadline_passed_times_out_at_once()
    {
        // A call sent from the pool (it waited for the connection) can start waiting for its reply after the test moved
        // the clock past its deadline: the ticks of that move found no read waiting, and no other tick comes.
        var clock = new FakeTimeProvider();
        using var connection = new ClientConnection($"tcp://127.0.0.1:{FreePort.Next()}",
            new ZeroRpcClientOptions { TimeProvider = clock, Heartbeat = HeartbeatOptions.Disabled }, NullLogger.Instance);
        var channel = new ClientChannel(connection.Multiplexer, MessageIdGenerator.Next(), connection.Replies);
        connection.Multiplexer.Register(channel);
        var deadline = connection.Multiplexer.NowMs + 10_000;
        clock.Advance(TimeSpan.FromSeconds(10));

        var read = channel.ReadFirstAsync(deadline, CancellationToken.None);

        read.IsCompleted.Should().BeTrue("the deadline had passed when the read started waiting");
        await FluentActions.Awaiting(async () => await read).Should().ThrowAsync<TimeoutException>();
        channel.Close();
    }

    [Fact]
    public async Task A_server_cancels_the_call_of_a_caller_that_stopped_beating_after_the_missed_beats_and_not_before()
    {
        var clock = new FakeTimeProvider();
        var service = new WaitingService();
        await using var server = Server(service, clock, out var endpoint);
        using var caller = RawCaller.Call(endpoint, "wait");
        await service.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        clock.Advance(LastSafeMoment);
        server.OpenChannels.Should().Be(1, "a caller silent for exactly the allowed beats is not lost yet");
        service.Cancelled.Task.IsCompleted.Should().BeFalse();

        clock.Advance(HeartbeatTick);
        await service.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => server.OpenChannels == 0 && server.InFlightCalls == 0, "the lost caller's call ended and its channel closed");
    }

    [Fact]
    public async Task A_stream_waiting_for_credit_ends_when_its_caller_is_lost_and_sends_nothing_ungranted_before()
    {
        var clock = new FakeTimeProvider();
        var service = new WaitingService();
        await using var server = Server(service, clock, out var endpoint);
        // The request grants one item and this caller never grants more, nor beats.
        using var caller = RawCaller.Call(endpoint, "count", 1_000);
        await Eventually.True(() => service.Produced == 2, "the first item went out and the second waits for credit");

        clock.Advance(LastSafeMoment);
        server.OpenChannels.Should().Be(1, "the stream still waits for credit");
        service.Produced.Should().Be(2, "nothing is produced past the credit granted, however long the wait");

        clock.Advance(HeartbeatTick);
        await Eventually.True(() => server.OpenChannels == 0 && server.InFlightCalls == 0, "the stream of the lost caller ended");
        service.Produced.Should().Be(2);
        RawCaller.NamesUntilQuiet(caller, TimeSpan.FromMilliseconds(200)).Should().Equal(["STREAM"],
            "only the granted item was sent");
    }

    private static ZeroRpcClient Client(TimeProvider clock, HeartbeatOptions heartbeat, TimeSpan timeout, string endpoint)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { TimeProvider = clock, Heartbeat = heartbeat, Timeout = timeout });
        client.Connect(endpoint);
        return client;
    }

    private static ZeroRpcServer Server(object service, TimeProvider clock, out string endpoint)
    {
        var server = new ZeroRpcServer(service, new ZeroRpcServerOptions { TimeProvider = clock, Heartbeat = Beats });
        endpoint = server.Bind("tcp://127.0.0.1:*");
        return server;
    }

    /// <summary>A method that waits until its call is cancelled, and a stream that counts what it produced.</summary>
    public sealed class WaitingService
    {
        private int _produced;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Produced => Volatile.Read(ref _produced);

        public async Task<string> Wait(CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }
            return "never";
        }

        public async IAsyncEnumerable<long> Count(long n)
        {
            for (long i = 0; i < n; i++)
            {
                Interlocked.Increment(ref _produced);
                yield return i;
            }
            await Task.CompletedTask;
        }
    }
}
