using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// Where calls run (<see cref="CallDispatch"/>), observed from inside the methods: the thread each call ran on, over
/// real sockets.
/// </summary>
[Collection(SerialCollection.Name)]
public class DispatchTests
{
    // The I/O path: a connection's receive, serialised per socket (there is no I/O thread of ours any more).
    private const string IoThread = "the socket's receive path";
    // "The pool" in these tests: the server's call threads, where calls off the I/O thread run (CallDispatch.ThreadPool).
    private const string Pool = "call thread";
    private const string DotNetPool = "the .NET thread pool";

    public sealed class WhereService
    {
        private static string Here() =>
            Zask.ZeroRpc.Wire.ZmtpTransportSocket.OnSerialisedPath ? IoThread
            : Thread.CurrentThread.Name?.StartsWith("zask-call-", StringComparison.Ordinal) == true ? Pool
            : Thread.CurrentThread.IsThreadPoolThread ? DotNetPool
            : Thread.CurrentThread.Name ?? "unnamed";

        public string WhereAmI() => Here();

        [ZeroRpcDispatch(CallDispatch.ThreadPool)]
        public string PinnedToPool() => Here();

        [ZeroRpcDispatch(CallDispatch.Inline)]
        public string PinnedInline() => Here();

        public string SometimesSlow(int sleepMs)
        {
            if (sleepMs > 0)
            {
                // Being slow, with its thread held, is what the dispatch policy must notice.
                Thread.Sleep(sleepMs);
            }
            return Here();
        }

        public bool SeesItsOwnContext(ServerCallContext call) => ReferenceEquals(ServerCallContext.Current, call);

        public async Task<bool> SeesItsOwnContextAfterAwait(ServerCallContext call)
        {
            await Task.Yield();
            return ReferenceEquals(ServerCallContext.Current, call);
        }

        public async Task<string[]> BeforeAndAfterAwait()
        {
            var before = Here();
            // A real wait (not Task.Yield): the continuation must come back from a timer, off the calling thread.
            await Task.Delay(1);
            return [before, Here()];
        }

        [ZeroRpcStream]
        public IEnumerable<string> StreamWhere(int count)
        {
            for (var i = 0; i < count; i++)
            {
                yield return Here();
            }
        }
    }

    private sealed class Served : IAsyncDisposable
    {
        public Served(CallDispatch dispatch = CallDispatch.Auto, ILoggerFactory? logging = null)
        {
            Server = new ZeroRpcServer(new WhereService(), new ZeroRpcServerOptions { Dispatch = dispatch, LoggerFactory = logging });
            var endpoint = Server.Bind(FreePort.Endpoint());
            Client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            Client.Connect(endpoint);
        }

        public ZeroRpcServer Server { get; }

        public ZeroRpcClient Client { get; }

        public async Task<string[]> CallManyAsync(string method, int count, params object?[] args)
        {
            var seen = new string[count];
            for (var i = 0; i < count; i++)
            {
                seen[i] = await Client.CallAsync<string>(method, args);
            }
            return seen;
        }

        /// <summary>
        /// Calls until a call runs on the I/O thread; returns how many it took. Bounded, and generous: on a loaded
        /// machine a preempted call breaks the streak of fast calls and the count starts over.
        /// </summary>
        public async Task<int> CallUntilInlineAsync(string method, params object?[] args)
        {
            for (var i = 1; i <= 5000; i++)
            {
                if (await Client.CallAsync<string>(method, args) == IoThread)
                {
                    return i;
                }
            }
            throw new Xunit.Sdk.XunitException($"{method} never moved to the I/O thread in 5000 calls");
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task By_default_a_quick_method_starts_on_the_pool_and_moves_to_the_io_thread()
    {
        await using var served = new Served();
        (await served.Client.CallAsync<string>("where_am_i")).Should().Be(Pool);
        (await served.CallUntilInlineAsync("where_am_i")).Should().BeGreaterThanOrEqualTo(63, "it takes 64 calls in a row within 100 µs");
        (await served.Client.CallAsync<string>("where_am_i")).Should().Be(IoThread);
    }

    [Fact]
    public async Task Pinned_methods_stay_where_they_are_pinned()
    {
        await using var served = new Served();
        (await served.CallManyAsync("pinned_to_pool", 150)).Should().OnlyContain(s => s == Pool);
        (await served.CallManyAsync("pinned_inline", 3)).Should().OnlyContain(s => s == IoThread);
    }

    [Fact]
    public async Task The_thread_pool_option_keeps_every_call_on_the_pool()
    {
        await using var served = new Served(CallDispatch.ThreadPool);
        (await served.CallManyAsync("where_am_i", 150)).Should().OnlyContain(s => s == Pool);
        (await served.CallManyAsync("pinned_inline", 2)).Should().OnlyContain(s => s == IoThread, "the attribute wins over the option");
    }

    [Fact]
    public async Task The_inline_option_runs_calls_on_the_io_thread_from_the_first_one()
    {
        await using var served = new Served(CallDispatch.Inline);
        (await served.CallManyAsync("where_am_i", 3)).Should().OnlyContain(s => s == IoThread);
        (await served.CallManyAsync("pinned_to_pool", 3)).Should().OnlyContain(s => s == Pool);
    }

    [Fact]
    public async Task A_call_that_holds_the_io_thread_too_long_sends_its_method_back_to_the_pool_with_a_warning()
    {
        using var logging = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logging));
        await using var served = new Served(logging: factory);
        string where;
        var attempts = 0;
        do
        {
            await served.CallUntilInlineAsync("sometimes_slow", 0);
            // These block the I/O thread for 50 ms each (the documented risk): a lone slow call may be a preempted
            // thread, a second one soon after is not. On a loaded machine fast calls may have been preempted past 1 ms
            // and sent the method back already; then a slow one ran on the pool: again.
            where = await served.Client.CallAsync<string>("sometimes_slow", 50);
            where = where == IoThread ? await served.Client.CallAsync<string>("sometimes_slow", 50) : where;
        }
        while (where != IoThread && ++attempts < 3);
        where.Should().Be(IoThread);
        (await served.CallManyAsync("sometimes_slow", 100, 0)).Should().OnlyContain(s => s == Pool,
            "after a demotion, at least 512 fast calls in a row are needed before trying inline again");

        logging.Collector.GetSnapshot().Should().Contain(r =>
            r.Level == LogLevel.Warning && r.Message.Contains("held the I/O thread") && r.Message.Contains("sometimes_slow"));
    }

    [Fact]
    public async Task An_async_method_run_inline_gives_the_io_thread_back_at_its_first_await()
    {
        await using var served = new Served(CallDispatch.Inline);
        var seen = await served.Client.CallAsync<string[]>("before_and_after_await");
        seen[0].Should().Be(IoThread);
        seen[1].Should().Be(DotNetPool, "what follows an await runs where any async code continues");
    }

    [Fact]
    public async Task Streams_stay_off_the_io_thread_by_default()
    {
        await using var served = new Served();
        for (var i = 0; i < 100; i++)
        {
            var first = true;
            await foreach (var where in served.Client.StreamAsync<string>("stream_where", 3))
            {
                // The stream starts on a call thread; after a wait for credit it goes on where async code continues.
                if (first)
                {
                    where.Should().Be(Pool);
                }
                else
                {
                    where.Should().BeOneOf(Pool, DotNetPool);
                }
                first = false;
            }
        }
    }

    [Fact]
    public async Task Unknown_methods_are_answered_at_once_on_the_io_thread_and_other_calls_still_work()
    {
        await using var served = new Served();
        var error = await FluentActions.Awaiting(() => served.Client.CallAsync<string>("no_such_method"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("NameError");
        (await served.Client.CallAsync<string>("pinned_to_pool")).Should().Be(Pool);
    }

    [Fact]
    public async Task No_reply_is_stranded_when_pool_and_io_thread_send_at_the_same_time()
    {
        // Replies from pool threads are queued while the I/O thread is busy receiving (it then sends them without a
        // doorbell) and inline replies go out directly: 64 callers mixing both must all get every answer.
        await using var served = new Served();
        var answered = 0;
        var workers = Enumerable.Range(0, 64).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var where = await served.Client.CallAsync<string>((w + i) % 2 == 0 ? "pinned_to_pool" : "where_am_i");
                where.Should().BeOneOf(Pool, IoThread);
                Interlocked.Increment(ref answered);
            }
        }));
        await Task.WhenAll(workers);
        answered.Should().Be(64 * 200);
        // A pool thread closes its channel just after queuing the reply, so the last few may close a moment later.
        await Eventually.True(() => served.Server.OpenChannels == 0, "every call's channel closed");
    }

    [Fact]
    public async Task Calls_on_the_io_thread_each_see_their_own_call_context_before_and_after_an_await()
    {
        await using var served = new Served(CallDispatch.Inline);
        var calls = Enumerable.Range(0, 64).Select(i => served.Client.CallAsync<bool>(i % 2 == 0 ? "sees_its_own_context" : "sees_its_own_context_after_await"));
        (await Task.WhenAll(calls)).Should().OnlyContain(seen => seen);
    }
}
