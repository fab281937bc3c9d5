namespace Zask.Registry.Etcd.Internal;

/// <summary>Retry delays: 100 ms doubling up to a ceiling, reset after a success.</summary>
internal sealed class Backoff(TimeSpan ceiling)
{
    private TimeSpan _next = TimeSpan.FromMilliseconds(100);

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, ceiling.Ticks));
        return delay;
    }

    public void Reset() => _next = TimeSpan.FromMilliseconds(100);
}
