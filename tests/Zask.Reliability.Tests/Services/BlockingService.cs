namespace Zask.Reliability.Tests.Services;

/// <summary>
/// A service whose calls wait until cancelled, recording how many started and how many saw their token fire, so a
/// test can prove that a dead caller's work is cancelled on the server.
/// </summary>
[ZeroRpcService("blocking")]
public sealed class BlockingService
{
    private long _started;
    private long _cancelled;
    private long _completed;

    public long Started => Interlocked.Read(ref _started);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Waits <paramref name="seconds"/> (or until the caller is gone), then returns them.</summary>
    public async Task<double> Sleep(double seconds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        Interlocked.Increment(ref _completed);
        return seconds;
    }

    /// <summary>Returns its argument, to prove the server still serves.</summary>
    public object? Echo(object? value) => value;
}
