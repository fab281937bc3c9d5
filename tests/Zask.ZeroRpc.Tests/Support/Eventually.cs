namespace Zask.ZeroRpc.Tests.Support;

/// <summary>Waits for a condition that another thread makes true, failing after a generous deadline.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds}s: {what}");
            }
            await Task.Delay(20);
        }
    }
}
