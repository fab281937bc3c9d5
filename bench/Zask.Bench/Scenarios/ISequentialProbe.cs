using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// A client making calls one at a time against its server, open for the whole paired block
/// (<see cref="PairedSequential"/>), so that it can run in short slices between the other scenarios' slices.
/// </summary>
internal interface ISequentialProbe : IAsyncDisposable
{
    string Key { get; }

    string Description { get; }

    /// <summary>Makes calls one at a time for <paramref name="duration"/>: each call's latency, and the seconds it took.</summary>
    Task<(LatencySamples Samples, double Seconds)> RunAsync(TimeSpan duration);
}
