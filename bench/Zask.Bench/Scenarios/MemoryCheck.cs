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
        await CallsAsync(client, Math.Min(50_000, Math.Max(1_000, calls / 20)), inFlight);
        var beforeGc = await ProbeAsync(client, 0, collect: true);
        var before = await ProbeAsync(client, 0, collect: false);
        var ioBefore = await client.CallAsync<long>("_bench_io_allocated");
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
        var ioAfter = await client.CallAsync<long>("_bench_io_allocated");
        var after = trace[^1];
        var afterGc = await ProbeAsync(client, done, collect: true);
        return new MemoryResult(calls, seconds, before, after, beforeGc, afterGc, trace)
        {
            // The probes between the two readings are a dozen calls among a million: left in.
            IoThreadBytesPerCall = (double)(ioAfter - ioBefore) / calls,
        };
    }

    private static async Task<MemorySample> ProbeAsync(ZeroRpcClient client, long done, bool collect)
    {
        var figures = await client.CallAsync<long[]>("_bench_working_set", collect);
        return new MemorySample(done, figures[0], figures[1], figures[3]);
    }

    private static async Task CallsAsync(ZeroRpcClient client, long count, int inFlight)
    {
        var remaining = count;
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.CallAsync<string>("hello", ZaskScenarios.Name).ConfigureAwait(false);
            }
        }));
        await Task.WhenAll(workers);
    }
}
