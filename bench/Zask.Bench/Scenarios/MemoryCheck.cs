using System.Diagnostics;
using Zask.ZeroRpc.Client;

namespace Zask.Bench.Scenarios;

/// <summary>
/// Makes many <c>hello</c> calls from one client against a fresh server and compares the server's working set
/// before and after, sampling it on the way. A leak per call shows up as steady growth.
/// </summary>
internal static class MemoryCheck
{
    private const int TraceSteps = 10;

    public static async Task<MemoryResult> RunAsync(ZeroRpcClient client, long calls, int inFlight)
    {
        // Warm up first, so the baseline includes JIT, pools and socket buffers rather than counting them as growth.
        var warmup = Math.Min(50_000, Math.Max(1_000, calls / 20));
        await CallsAsync(client, warmup, inFlight);
        var beforeGc = await ProbeAsync(client, 0, collect: true);
        // The forced, compacting collection above hands memory back to the system; warm up again so that the
        // baseline is the steady state (the GC's working budget regrown), not a freshly compacted heap.
        await CallsAsync(client, warmup, inFlight);
        var before = await ProbeAsync(client, 0, collect: false);
        var trace = new List<MemorySample> { before };
        var started = Stopwatch.GetTimestamp();
        long done = 0;
        for (var step = 1; step <= TraceSteps; step++)
        {
            var target = calls * step / TraceSteps;
            await CallsAsync(client, target - done, inFlight);
            done = target;
            trace.Add(await ProbeAsync(client, done, collect: false));
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = trace[^1];
        var afterGc = await ProbeAsync(client, done, collect: true);
        // The server's hot path alone: hello_inline runs wholly on the I/O thread, so its bytes are all counted there.
        var hotPathCalls = Math.Min(calls, 100_000);
        var ioBefore = await client.CallAsync<long>("_bench_io_allocated");
        await CallsAsync(client, hotPathCalls, inFlight, "hello_inline");
        var ioAfter = await client.CallAsync<long>("_bench_io_allocated");
        return new MemoryResult(calls, seconds, before, after, beforeGc, afterGc, trace)
        {
            IoThreadBytesPerCall = (double)(ioAfter - ioBefore) / hotPathCalls,
        };
    }

    private static async Task<MemorySample> ProbeAsync(ZeroRpcClient client, long done, bool collect)
    {
        var figures = await client.CallAsync<long[]>("_bench_working_set", collect);
        return new MemorySample(done, figures[0], figures[1], figures[3]);
    }

    private static async Task CallsAsync(ZeroRpcClient client, long count, int inFlight, string method = "hello")
    {
        var remaining = count;
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.CallAsync<string>(method, ZaskScenarios.Name).ConfigureAwait(false);
            }
        }));
        await Task.WhenAll(workers);
    }
}
