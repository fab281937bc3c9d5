using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// The figures of one scenario summed over its measured stretches: one stretch for most scenarios, several slices
/// interleaved with other scenarios for the paired one-at-a-time ones (<see cref="PairedSequential"/>).
/// </summary>
internal sealed class MeasuredTally
{
    private readonly List<LatencySamples> _samples = [];
    private double _seconds;
    private TimeSpan _client;
    private TimeSpan? _server = TimeSpan.Zero;
    private long _allocated;
    private long _workItems;
    private long? _clientSwitches = 0;
    private long? _serverSwitches = 0;

    /// <summary>Adds a stretch: its latencies, its length, and the counters read when it began and when it ended.</summary>
    public void Add(IEnumerable<LatencySamples> samples, double seconds, CpuSnapshot before, CpuSnapshot after)
    {
        _samples.AddRange(samples);
        _seconds += seconds;
        _client += after.Client - before.Client;
        _server = _server + (after.Server - before.Server);
        _allocated += after.ClientAllocatedBytes - before.ClientAllocatedBytes;
        _workItems += after.ClientWorkItems - before.ClientWorkItems;
        _clientSwitches = _clientSwitches + (after.ClientSwitches - before.ClientSwitches);
        _serverSwitches = _serverSwitches + (after.ServerSwitches - before.ServerSwitches);
    }

    public ScenarioResult ToResult(string key, string description)
    {
        var sorted = LatencySamples.MergeSorted(_samples);
        var calls = sorted.Length;
        double PerCall(double? total) => calls > 0 && total is { } t ? t / calls : double.NaN;
        return new ScenarioResult(key, description)
        {
            ClientCpuMicros = PerCall(_client.TotalMicroseconds),
            ServerCpuMicros = PerCall(_server?.TotalMicroseconds),
            ClientBytesPerCall = PerCall(_allocated),
            ClientWorkItemsPerCall = PerCall(_workItems),
            ClientSwitchesPerCall = PerCall(_clientSwitches),
            ServerSwitchesPerCall = PerCall(_serverSwitches),
            Calls = calls,
            Seconds = _seconds,
            P50Micros = LatencySamples.PercentileMicros(sorted, 0.50),
            P99Micros = LatencySamples.PercentileMicros(sorted, 0.99),
        };
    }
}
