namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>Waits for a condition with a deadline (never a fixed sleep), failing with what was awaited.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not true within {within.TotalSeconds} s: {what}");
            }
            await Task.Delay(20);
        }
    }
}
