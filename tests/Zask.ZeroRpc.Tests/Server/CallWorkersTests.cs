namespace Zask.ZeroRpc.Tests.Server;

/// <summary>The server's call threads on their own: every call runs, blocked threads do not hold the queue for long.</summary>
public class CallWorkersTests
{
    private sealed class Call(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }

    [Fact]
    public void Every_call_queued_runs_once()
    {
        using var workers = new CallWorkers(64, "test-call");
        var ran = new int[5000];
        using var done = new CountdownEvent(ran.Length);
        Parallel.For(0, ran.Length, i => workers.Run(new Call(() =>
        {
            Interlocked.Increment(ref ran[i]);
            done.Signal();
        })));
        done.Wait(TimeSpan.FromSeconds(20)).Should().BeTrue();
        ran.Should().OnlyContain(n => n == 1);
    }

    [Fact]
    public void Calls_behind_blocked_threads_get_threads_of_their_own_soon()
    {
        using var workers = new CallWorkers(256, "test-call");
        using var release = new ManualResetEventSlim();
        const int blocked = 40;
        using var allBlocked = new CountdownEvent(blocked);
        for (var i = 0; i < blocked; i++)
        {
            workers.Run(new Call(() =>
            {
                allBlocked.Signal();
                release.Wait();
            }));
        }
        try
        {
            // 40 blocked at once: far more than the processors, so most threads came from the stall checks.
            allBlocked.Wait(TimeSpan.FromSeconds(5)).Should().BeTrue("every blocked call got a thread");
            using var quick = new ManualResetEventSlim();
            workers.Run(new Call(quick.Set));
            quick.Wait(TimeSpan.FromSeconds(2)).Should().BeTrue("a call behind blocked ones still runs");
            workers.Threads.Should().BeGreaterThanOrEqualTo(blocked + 1);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void No_more_threads_than_the_maximum_and_the_rest_wait_their_turn()
    {
        using var workers = new CallWorkers(3, "test-call");
        var running = 0;
        var most = 0;
        using var done = new CountdownEvent(12);
        // The first calls hold their threads until three run at once, so that "three at a time" is seen, not hoped for.
        using var threeRunning = new ManualResetEventSlim();
        for (var i = 0; i < 12; i++)
        {
            workers.Run(new Call(() =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                if (now == 3)
                {
                    threeRunning.Set();
                }
                threeRunning.Wait(TimeSpan.FromSeconds(10));
                Interlocked.Decrement(ref running);
                done.Signal();
            }));
        }
        done.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("every call ran, three at a time");
        most.Should().Be(3);
        workers.Threads.Should().BeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task Idle_threads_end_when_disposed()
    {
        var workers = new CallWorkers(8, "test-call");
        using var ran = new CountdownEvent(4);
        for (var i = 0; i < 4; i++)
        {
            workers.Run(new Call(() => ran.Signal()));
        }
        ran.Wait(TimeSpan.FromSeconds(5)).Should().BeTrue();
        workers.Threads.Should().BePositive();
        workers.Dispose();
        await Eventually.True(() => workers.Threads == 0, "every worker thread ended after dispose");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }
}
