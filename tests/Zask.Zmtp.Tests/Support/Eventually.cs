namespace Zask.Zmtp.Tests.Support;

/// <summary>Waits for a condition with a deadline (no fixed sleeps): polls it on a short timer until it holds.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out after {timeoutMs} ms waiting for: {what}");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>A receive that fails the test instead of hanging it.</summary>
    public static async Task<ZmtpMessage> Receive(ZmtpSocket socket, int timeoutMs = 10_000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            return await socket.ReceiveAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message on the {socket.Type} socket within {timeoutMs} ms");
        }
    }
}
