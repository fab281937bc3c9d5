using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// The wall-clock time of a <see cref="Stopwatch"/> timestamp, so that a call's span starts and ends at the very
/// timestamps its duration metric is measured from (one clock read at each end, not a second pair of
/// <see cref="DateTime.UtcNow"/> reads per span).
/// </summary>
internal static class SpanClock
{
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private static Anchor _anchor = Anchor.Now();

    /// <summary>The UTC time at <paramref name="timestamp"/> (from <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static DateTimeOffset UtcAt(long timestamp)
    {
        var anchor = Volatile.Read(ref _anchor);
        if (timestamp - anchor.Timestamp > Stopwatch.Frequency)
        {
            // Anchored again every second, so that adjustments of the system clock reach the spans soon.
            anchor = Anchor.Now();
            Volatile.Write(ref _anchor, anchor);
        }
        var ticks = anchor.UtcTicks + (long)((timestamp - anchor.Timestamp) * TicksPerTimestamp);
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private sealed record Anchor(long Timestamp, long UtcTicks)
    {
        public static Anchor Now() => new(Stopwatch.GetTimestamp(), DateTime.UtcNow.Ticks);
    }
}
