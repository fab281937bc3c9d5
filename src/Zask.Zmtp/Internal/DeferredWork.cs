namespace Zask.Zmtp.Internal;

/// <summary>The work items one read deferred (<see cref="AfterRead"/>): usually one, held without allocating.</summary>
internal readonly struct DeferredWork
{
    private readonly IThreadPoolWorkItem? _first;
    private readonly List<IThreadPoolWorkItem>? _more;

    private DeferredWork(IThreadPoolWorkItem? first, List<IThreadPoolWorkItem>? more)
    {
        _first = first;
        _more = more;
    }

    public bool IsEmpty => _first is null;

    public DeferredWork With(IThreadPoolWorkItem work)
    {
        if (_first is null)
        {
            return new DeferredWork(work, null);
        }
        var more = _more ?? new List<IThreadPoolWorkItem>(2);
        more.Add(work);
        return new DeferredWork(_first, more);
    }

    /// <summary>Runs the work on this thread, in the order it was deferred.</summary>
    public void Run()
    {
        _first?.Execute();
        if (_more is not null)
        {
            foreach (var work in _more)
            {
                work.Execute();
            }
        }
    }

    /// <summary>Hands the work to the thread pool: the read loop cannot run it (the next read had data already, or it ends).</summary>
    public void Queue()
    {
        if (_first is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_first, preferLocal: true);
        }
        if (_more is not null)
        {
            foreach (var work in _more)
            {
                ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: true);
            }
        }
    }
}
