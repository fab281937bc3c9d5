namespace Zask.Reliability.Tests.Support;

/// <summary>Polls for a condition another thread or process makes true, failing after a deadline.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {limit.TotalSeconds}s: {what}");
            }
            await Task.Delay(20);
        }
    }
}
