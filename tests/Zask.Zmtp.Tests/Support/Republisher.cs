namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// Publishes round after round on one background task until stopped. A SUB's subscription reaches its publisher some
/// time after the connection, and what is published before that is dropped by design (ZeroMQ's "slow joiner"), so a
/// pub/sub test publishes until its subscriber has what it waits for. The pause between rounds only paces the loop;
/// nothing waits on it.
/// </summary>
internal sealed class Republisher : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="round">Publishes one round; given the round's number. Only this task calls it.</param>
    public Republisher(Action<int> round)
    {
        _loop = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                round(i);
                await Task.Delay(Pace, CancellationToken.None);
            }
        });
    }

    /// <summary>Stops publishing and surfaces any error a round threw.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _loop;
        _stop.Dispose();
    }
}
