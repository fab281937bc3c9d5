using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>A one-at-a-time probe over an async call (Zask, gRPC), through <see cref="ClosedLoop"/> with one worker.</summary>
internal sealed class ClosedLoopProbe(string key, string description, Func<Task> call, Func<ValueTask> dispose) : ISequentialProbe
{
    public string Key => key;

    public string Description => description;

    public async Task<(LatencySamples Samples, double Seconds)> RunAsync(TimeSpan duration)
    {
        var (samples, seconds) = await ClosedLoop.PhaseAsync(1, _ => call, duration);
        return (samples[0], seconds);
    }

    public ValueTask DisposeAsync() => dispose();
}
