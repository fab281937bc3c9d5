namespace Zask.Zmtp.Tests.Support;

/// <summary>Receives with a deadline (conditions are waited for with the shared Eventually).</summary>
public static class Receiving
{
    /// <summary>A receive that fails the test instead of hanging it.</summary>
    public static async Task<ZmtpMessage> Receive(ZmtpSocket socket, int timeoutMs = 30_000)
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
