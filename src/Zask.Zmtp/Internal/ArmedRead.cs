using System.Runtime.CompilerServices;

namespace Zask.Zmtp.Internal;

/// <summary>
/// Awaits a socket read just started and, once the read loop's continuation is attached to it, runs the work the
/// previous read deferred (<see cref="AfterRead"/>) on this thread. The work never delays the read: when data comes
/// while it runs, the loop goes on on another thread, as after any pending read. A read that completed at once
/// leaves the work to the thread pool instead, so that the loop handles its data without waiting for the work.
/// </summary>
internal readonly struct ArmedRead(ValueTask<int> read, DeferredWork work) : ICriticalNotifyCompletion
{
    public ArmedRead GetAwaiter() => this;

    /// <remarks>Called once by the awaiting code: a read already done hands the deferred work to the pool here.</remarks>
    public bool IsCompleted
    {
        get
        {
            if (!read.IsCompleted)
            {
                return false;
            }
            work.Queue();
            return true;
        }
    }

    public int GetResult() => read.ConfigureAwait(false).GetAwaiter().GetResult();

    public void OnCompleted(Action continuation)
    {
        // Copied first: once the continuation is attached it may run, and reuse the slot this awaiter lives in.
        var deferred = work;
        read.ConfigureAwait(false).GetAwaiter().OnCompleted(continuation);
        deferred.Run();
    }

    public void UnsafeOnCompleted(Action continuation)
    {
        var deferred = work;
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);
        deferred.Run();
    }
}
