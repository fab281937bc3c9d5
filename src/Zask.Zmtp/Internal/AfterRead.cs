namespace Zask.Zmtp.Internal;

/// <summary>
/// Work a receive handler defers until its connection's next read is under way
/// (<see cref="ZmtpSocket.QueueAfterReceive"/>): collected per thread while a read is decoded, then run by
/// <see cref="ArmedRead"/> on the same thread once the read loop has handed its continuation to the next read.
/// </summary>
internal static class AfterRead
{
    [ThreadStatic]
    private static bool t_reading;

    [ThreadStatic]
    private static DeferredWork t_work;

    /// <summary>Marks this thread as decoding a read; returns what it was before (a nested read keeps the outer's work).</summary>
    public static bool Begin()
    {
        var outer = t_reading;
        t_reading = true;
        return outer;
    }

    /// <summary>Ends the read begun by <see cref="Begin"/>: the work deferred during it, to run once the next read is armed.</summary>
    public static DeferredWork End(bool outer)
    {
        t_reading = outer;
        if (outer)
        {
            return default;
        }
        var work = t_work;
        t_work = default;
        return work;
    }

    /// <summary>Defers <paramref name="work"/> when this thread is decoding a read; <c>false</c> otherwise.</summary>
    public static bool TryDefer(IThreadPoolWorkItem work)
    {
        if (!t_reading)
        {
            return false;
        }
        t_work = t_work.With(work);
        return true;
    }
}
