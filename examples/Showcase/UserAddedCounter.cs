namespace Showcase;

/// <summary>How many <c>user_added</c> events the showcase's own handler has received (<c>events_seen()</c>).</summary>
public sealed class UserAddedCounter
{
    private long _seen;

    /// <summary>Events received so far.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    /// <summary>Counts one more event.</summary>
    public void Record() => Interlocked.Increment(ref _seen);
}
