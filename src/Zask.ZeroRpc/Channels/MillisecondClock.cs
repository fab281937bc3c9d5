namespace Zask.ZeroRpc.Channels;

/// <summary>
/// Milliseconds read from a <see cref="TimeProvider"/>, for heartbeats and deadlines (only differences mean anything).
/// The system clock keeps the cheapest reading there is, since every event reads it; another provider (a test's fake
/// clock) is asked for its timestamp.
/// </summary>
internal sealed class MillisecondClock
{
    private readonly TimeProvider _time;
    private readonly bool _system;
    private readonly long _timestampsPerMs;

    public MillisecondClock(TimeProvider? time)
    {
        _time = time ?? TimeProvider.System;
        _system = ReferenceEquals(_time, TimeProvider.System);
        _timestampsPerMs = Math.Max(1, _time.TimestampFrequency / 1000);
    }

    /// <summary>The provider read.</summary>
    public TimeProvider Provider => _time;

    /// <summary>The current time in milliseconds.</summary>
    public long NowMs => _system ? Environment.TickCount64 : _time.GetTimestamp() / _timestampsPerMs;

    /// <summary>The time <paramref name="span"/> from now, rounded up so that a deadline never comes early.</summary>
    public long After(TimeSpan span) => NowMs + (long)Math.Ceiling(span.TotalMilliseconds);
}
