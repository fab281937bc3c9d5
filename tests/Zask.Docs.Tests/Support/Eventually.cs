namespace Zask.Docs.Tests.Support;

public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"never true within {seconds}s: {what}");
            }
            await Task.Delay(20);
        }
    }
}
