using System.Diagnostics;

namespace Zask.Bench.Infrastructure;

/// <summary>Round-trip times in <see cref="Stopwatch"/> ticks, recorded by one worker (not thread-safe).</summary>
internal sealed class LatencySamples
{
    private long[] _ticks = new long[1 << 16];

    public int Count { get; private set; }

    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }
        _ticks[Count++] = ticks;
    }

    /// <summary>Merges several workers' samples and sorts them, ready for percentiles.</summary>
    public static long[] MergeSorted(IEnumerable<LatencySamples> samples)
    {
        var all = samples.SelectMany(s => s._ticks.Take(s.Count)).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>The value at quantile <paramref name="q"/> of sorted ticks, in microseconds (nearest rank).</summary>
    public static double PercentileMicros(long[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
