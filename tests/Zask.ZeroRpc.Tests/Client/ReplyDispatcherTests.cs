using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NetMQ;
using NetMQ.Sockets;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Tests.Support;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// The replies one read brings resume their callers one after another on one thread: a caller that blocks there,
/// waiting synchronously for another reply of the same read, must not wait for ever on the caller queued behind it:
/// not while the client's clock stands still, and not once the client is disposed (its ticks gone).
/// </summary>
public class ReplyDispatcherTests
{
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_caller_that_blocks_on_a_reply_queued_behind_it_still_gets_it()
    {
        // A real connection (to nothing: only its multiplexer and its deadline tick matter here).
        using var connection = new ClientConnection($"tcp://127.0.0.1:{FreePort.Next()}",
            new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var multiplexer = connection.Multiplexer;
        for (var round = 0; round < 20; round++)
        {
            var first = new ClientChannel(multiplexer, MessageIdGenerator.Next(), connection.Replies);
            var second = new ClientChannel(multiplexer, MessageIdGenerator.Next(), connection.Replies);
            multiplexer.Register(first);
            multiplexer.Register(second);
            var secondResumed = Resume(second.ReadFirstAsync(long.MaxValue, CancellationToken.None));
            var firstResumed = ResumeThenBlockOn(first.ReadFirstAsync(long.MaxValue, CancellationToken.None), secondResumed);

            // Both replies from one work item, as one read hands them over: the second joins the first one's runner.
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                first.Receive(Reply(first));
                second.Receive(Reply(second));
            }, null);

            (await firstResumed.WaitAsync(Hung)).Should().Be(EventNames.Ok);
            (await secondResumed.WaitAsync(Hung)).Name.Should().Be(EventNames.Ok);
            first.Close();
            second.Close();
        }
    }

    [Fact]
    public async Task A_caller_blocked_in_the_runner_on_a_reply_queued_behind_it_gets_it_when_it_disposes_the_client()
    {
        // Disposed by the blocked caller itself, so before any tick could rescue the reply behind it: the dispose must.
        var (value, pending) = await BlockInTheRunnerOnTheReplyBehind(disposeFirst: true).WaitAsync(Hung);
        value.Should().Be("first+second", "the reply claimed before the client closed is the caller's");
        await FluentActions.Awaiting(() => pending.WaitAsync(Hung)).Should().ThrowAsync<ObjectDisposedException>(
            "a call still waiting for its reply fails when the client closes");
    }

    [Fact]
    public async Task A_caller_blocked_in_the_runner_on_a_reply_queued_behind_it_gets_it_while_the_clients_clock_stands_still()
    {
        // The client's clock is fake and never moves: the rescue of a stuck runner must not depend on it.
        var (value, _) = await BlockInTheRunnerOnTheReplyBehind(disposeFirst: false).WaitAsync(Hung);
        value.Should().Be("first+second");
    }

    /// <summary>
    /// Two replies of one batch, "first" then "second", and a caller of "first" that, resumed by the runner, blocks on
    /// "second" (after disposing the client when <paramref name="disposeFirst"/>). Returns what that caller returned,
    /// and a third call that was never answered.
    /// </summary>
    private static async Task<(string Value, Task<string> Pending)> BlockInTheRunnerOnTheReplyBehind(bool disposeFirst)
    {
        using var server = new RouterSocket();
        server.Options.Linger = TimeSpan.Zero;
        var endpoint = $"tcp://127.0.0.1:{server.BindRandomPort("tcp://127.0.0.1")}";
        // A clock that never moves: no deadline tick, so nothing but the fix can free the reply behind the caller.
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            TimeProvider = new FakeTimeProvider(),
            Heartbeat = HeartbeatOptions.Disabled,
            Timeout = TimeSpan.FromHours(1),
        });
        client.Connect(endpoint);
        await Eventually.True(() => client.LiveEndpoints.Count == 1, "the client connects", Hung);
        var replies = client.ConnectionTo(endpoint)!.Replies;

        // The first runner waits until both replies are queued, as when one read brings them: which the thread pool
        // decides otherwise (a runner that starts in between takes the first alone, and the second gets its own).
        using var bothQueued = new ManualResetEventSlim();
        var runnerThread = -1;
        replies.RunnerStarting = () =>
        {
            if (Interlocked.CompareExchange(ref runnerThread, Environment.CurrentManagedThreadId, -1) == -1)
            {
                bothQueued.Wait(Hung);
            }
        };

        var second = client.CallAsync<string>("second");
        var resumedOn = -1;
        var first = ResumeThenBlockOn(client.CallAsync<string>("first"), second, () =>
        {
            resumedOn = Environment.CurrentManagedThreadId;
            if (disposeFirst)
            {
                client.Dispose();
            }
        });
        var pending = client.CallAsync<string>("pending");
        var requests = new[] { RawServer.ReceiveRequest(server), RawServer.ReceiveRequest(server), RawServer.ReceiveRequest(server) }
            .ToDictionary(RawServer.Method);

        RawServer.Reply(server, requests["first"], "first");
        await Eventually.True(() => replies.Queued == 1, "the first reply is claimed", Hung);
        RawServer.Reply(server, requests["second"], "second");
        await Eventually.True(() => replies.Queued == 2, "the second reply is queued behind it", Hung);
        bothQueued.Set();

        var value = await first.WaitAsync(Hung);
        resumedOn.Should().Be(runnerThread, "the caller of the first reply was resumed inside the runner");
        return (value, pending);
    }

    private static async Task<string> ResumeThenBlockOn(Task<string> call, Task<string> other, Action resumed)
    {
        var value = await call.ConfigureAwait(false);
        resumed();
        // Synchronously, on the runner's thread: what a sync-over-async caller does.
        return value + "+" + other.GetAwaiter().GetResult();
    }

    private static async Task<Event> Resume(ValueTask<Event> read) => await read.ConfigureAwait(false);

    private static async Task<string> ResumeThenBlockOn(ValueTask<Event> read, Task<Event> other)
    {
        var evt = await read.ConfigureAwait(false);
        // Synchronously, on the thread that resumed this caller: what a sync-over-async caller does.
        other.GetAwaiter().GetResult();
        return evt.Name;
    }

    private static Event Reply(ClientChannel channel) =>
        new(new EventHeader(MessageIdGenerator.Next(), responseTo: channel.Id), EventNames.Ok, new byte[] { 0x91, 0xc0 });
}
