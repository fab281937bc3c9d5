namespace Zask.Testing;

/// <summary>
/// Waits for a condition that another thread or process makes true, and fails at a generous deadline with a message
/// that names the condition. The deadline only bounds a broken run; a passing run waits just as long as it needs.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take when the test does not say.</summary>
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> naming <paramref name="what"/> at the deadline.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return True(() => Task.FromResult(condition()), what, within);
    }

    /// <summary>Returns once <paramref name="condition"/> completes with true; throws <see cref="TimeoutException"/> naming <paramref name="what"/> at the deadline.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = within ?? DefaultWithin;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {limit.TotalSeconds} s: {what}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
