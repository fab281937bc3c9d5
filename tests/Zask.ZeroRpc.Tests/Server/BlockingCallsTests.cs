using System.Diagnostics;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// Methods that block their thread (synchronous I/O, locks, sleeps) run off the I/O thread, and many at once must
/// not hold up the server's own work: its socket's reads and writes, its heartbeats, its quick calls.
/// Serial: it blocks threads on purpose.
/// </summary>
[Collection(SerialCollection.Name)]
public class BlockingCallsTests
{
    private static readonly HeartbeatOptions OneSecond = HeartbeatOptions.FromSeconds(1);

    /// <summary>Its <c>block</c> calls hold their thread (as synchronous I/O would) until the test releases them.</summary>
    private sealed class BlockingService
    {
        private readonly ManualResetEventSlim _release = new();
        private int _blocked;

        public int Blocked => Volatile.Read(ref _blocked);

        public int Block(int id)
        {
            Interlocked.Increment(ref _blocked);
            // Blocking the thread is the point: no await, no thread handed back while the call waits.
            _release.Wait();
            return id;
        }

        public string Ping() => "pong";

        public void Release() => _release.Set();
    }

    [Fact]
    public async Task Many_blocking_calls_at_once_all_answer_and_quick_calls_keep_flowing()
    {
        // More blocking calls than the thread pool's minimum, even the tests' raised one: on the shared pool they
        // would leave NetMQ's own socket work waiting for new threads, and heartbeats would lapse.
        var blocking = Math.Max(24, Environment.ProcessorCount * 8);
        var service = new BlockingService();
        await using var server = new ZeroRpcServer(service, new ZeroRpcServerOptions { Heartbeat = OneSecond });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = OneSecond, Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);
        (await client.CallAsync<string>("ping")).Should().Be("pong");

        var calls = Enumerable.Range(0, blocking).Select(id => client.CallAsync<int>("block", id)).ToArray();
        try
        {
            await HoldAndPingAsync(service, client, blocking, calls);
        }
        finally
        {
            // Whatever failed, the blocked threads go, so that the server can stop.
            service.Release();
        }
        (await Task.WhenAll(calls)).Should().Equal(Enumerable.Range(0, blocking), "every blocking call answers; none lost its caller");
    }

    private static async Task HoldAndPingAsync(BlockingService service, ZeroRpcClient client, int blocking, Task<int>[] calls)
    {
        await Eventually.True(() => service.Blocked == blocking, "every blocking call holds a thread at once");

        // While they all hold their threads, quick calls are answered and both ends keep beating: this state lasts
        // three heartbeat periods, past the two after which a silent peer would be declared lost.
        // A ping every 50 ms is the load of this state, not a wait for anything.
        var held = Stopwatch.StartNew();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var pings = 0;
        while (held.Elapsed < OneSecond.Period * 3 && await pace.WaitForNextTickAsync())
        {
            (await client.CallAsync<string>("ping")).Should().Be("pong", "a quick call never waits for the blocking ones");
            pings++;
        }
        pings.Should().BeGreaterThan(0);
        calls.Should().OnlyContain(c => !c.IsCompleted, "the blocking calls are still held, none lost its caller");
    }

    [Fact]
    public void A_maximum_below_one_call_thread_is_refused_with_its_name()
    {
        FluentActions.Invoking(() => new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { MaxCallThreads = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxCallThreads*");
    }
}
