using System.Diagnostics;
using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// Drives async calls in a closed loop: <c>workers</c> tasks each issue one call, await it, and issue the next,
/// so exactly that many calls are in flight. A warm-up phase runs first and is thrown away.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="callFor">Given a worker index, the call that worker repeats (lets workers spread over clients).</param>
    public static async Task<ScenarioResult> RunAsync(string key, string description, int workers,
        Func<int, Func<Task>> callFor, BenchSettings settings)
    {
        await PhaseAsync(workers, callFor, settings.Warmup);
        var cpu = CpuMeter.Take();
        var (samples, seconds) = await PhaseAsync(workers, callFor, settings.Measure);
        return ScenarioResult.Measured(key, description, samples, seconds, cpu);
    }

    /// <summary>One phase of <paramref name="workers"/> closed loops for <paramref name="duration"/>: each worker's latencies, and the seconds.</summary>
    public static async Task<(LatencySamples[] Samples, double Seconds)> PhaseAsync(int workers, Func<int, Func<Task>> callFor,
        TimeSpan duration)
    {
        var samples = new LatencySamples[workers];
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var mine = samples[w] = new LatencySamples();
            var call = callFor(w);
            tasks[w] = Task.Run(async () =>
            {
                while (true)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (t0 >= stopAt)
                    {
                        return;
                    }
                    await call().ConfigureAwait(false);
                    mine.Add(Stopwatch.GetTimestamp() - t0);
                }
            });
        }
        await Task.WhenAll(tasks);
        return (samples, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
