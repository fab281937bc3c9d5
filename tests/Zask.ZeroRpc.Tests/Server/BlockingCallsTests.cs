using System.Diagnostics;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Tests.Support;

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

    private sealed class BlockingService
    {
        public double Block(double seconds)
        {
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            return seconds;
        }

        public string Ping() => "pong";
    }

    [Fact]
    public async Task Many_blocking_calls_at_once_all_answer_and_quick_calls_keep_flowing()
    {
        // More blocking calls than the thread pool's minimum, even the tests' raised one: on the shared pool they
        // would leave NetMQ's own socket work waiting for new threads, and heartbeats would lapse.
        var blocking = Math.Max(24, Environment.ProcessorCount * 8);
        await using var server = new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { Heartbeat = OneSecond });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = OneSecond, Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);
        (await client.CallAsync<string>("ping")).Should().Be("pong");

        var calls = Enumerable.Range(0, blocking).Select(_ => client.CallAsync<double>("block", 2.5)).ToArray();
        var slowestPing = TimeSpan.Zero;
        var pings = 0;
        while (!calls.All(c => c.IsCompleted))
        {
            var timer = Stopwatch.StartNew();
            (await client.CallAsync<string>("ping")).Should().Be("pong");
            slowestPing = TimeSpan.FromTicks(Math.Max(slowestPing.Ticks, timer.Elapsed.Ticks));
            pings++;
            await Task.Delay(50);
        }

        (await Task.WhenAll(calls)).Should().AllBeEquivalentTo(2.5, "every blocking call answers; none lost its caller");
        pings.Should().BeGreaterThan(5);
        slowestPing.Should().BeLessThan(TimeSpan.FromSeconds(1.5),
            "a quick call never waits for the blocking ones (generous: a 2-core machine under test load)");
    }

    [Fact]
    public void A_maximum_below_one_call_thread_is_refused_with_its_name()
    {
        FluentActions.Invoking(() => new ZeroRpcServer(new BlockingService(), new ZeroRpcServerOptions { MaxCallThreads = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxCallThreads*");
    }
}
