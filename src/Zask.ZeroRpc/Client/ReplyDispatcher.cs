using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// Resumes the callers whose replies arrived, many per thread-pool work item instead of one each. A read brings the
/// replies of many calls in flight at once; a work item per reply made the pool wake threads to share them out,
/// and the threads spin for more work when they run dry. Here the first reply queues a runner, the others join its
/// queue, and one thread resumes them one after another.
/// </summary>
/// <remarks>
/// The runner resumes each caller inline, so a caller that computes or blocks (waiting synchronously for another
/// call, say) holds up the callers queued behind it. After a millisecond of resuming, the runner queues another
/// runner for the callers left; and <see cref="CheckStalled"/>, called on the connection's stall tick, queues one
/// when the queue made no progress since the previous tick (a runner stuck in a caller that blocks). A caller then
/// waits a tick or two at most, and never on a caller stuck ahead of it. Once the connection closes its tick is gone:
/// <see cref="Close"/> hands every reply still queued to its caller, and later ones, on work items of their own.
/// </remarks>
internal sealed class ReplyDispatcher : IThreadPoolWorkItem
{
    // How long one runner resumes callers before it shares the rest with another thread.
    private static readonly long ShareAfterTicks = Stopwatch.Frequency / 1000;

    private readonly ConcurrentQueue<ClientChannel> _ready = new();
    // 1 while a runner is queued and has not started taking callers.
    private int _scheduled;
    private long _resumed;
    // What _resumed was at the previous tick; the tick alone uses it.
    private long _resumedAtTick;
    // Set when the connection closes: no tick rescues a runner stuck in a caller any more.
    private volatile bool _closed;

    /// <summary>How many callers wait for a runner to resume them (for tests).</summary>
    internal int Queued => _ready.Count;

    /// <summary>
    /// Tests only: runs as a runner starts, before it takes any caller, so that a test can hold it until the replies
    /// of one read are all queued (which the thread pool otherwise decides).
    /// </summary>
    internal Action? RunnerStarting { get; set; }

    /// <summary>Queues a channel whose reply is ready to hand to its reader. Called on the connection's read path.</summary>
    public void Enqueue(ClientChannel channel)
    {
        if (_closed)
        {
            // A reply read as the connection closed: no tick would rescue it from a runner stuck in a caller.
            channel.Deliver(inline: false);
            return;
        }
        _ready.Enqueue(channel);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            // Run by this thread, the reader, once its next read is armed: the replies this read still holds join
            // the same runner, and the callers resume without a thread-pool hop.
            Wire.ZmtpTransportSocket.QueueAfterReceive(this);
        }
    }

    /// <summary>
    /// Queues another runner when callers wait and none was resumed since the last call: the runner is stuck in a
    /// caller that blocks.
    /// </summary>
    public void CheckStalled()
    {
        var resumed = Interlocked.Read(ref _resumed);
        var stalled = resumed == _resumedAtTick && !_ready.IsEmpty;
        _resumedAtTick = resumed;
        if (stalled && Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Called when the connection has closed (its ticks stopped): hands the replies still queued to their callers,
    /// each on a work item of its own, so that none waits behind a runner stuck in a caller that blocks.
    /// </summary>
    public void Close()
    {
        _closed = true;
        while (_ready.TryDequeue(out var channel))
        {
            Interlocked.Increment(ref _resumed);
            channel.Deliver(inline: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        RunnerStarting?.Invoke();
        // A full fence: a channel queued after this write sees 0 and queues a runner of its own.
        Interlocked.Exchange(ref _scheduled, 0);
        var shareAfter = Stopwatch.GetTimestamp() + ShareAfterTicks;
        while (_ready.TryDequeue(out var channel))
        {
            if (!_ready.IsEmpty && Stopwatch.GetTimestamp() > shareAfter)
            {
                // Callers that compute for a while after their reply: let another thread take the ones still queued,
                // as the pool would have.
                shareAfter = long.MaxValue;
                if (Interlocked.Exchange(ref _scheduled, 1) == 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                }
            }
            Interlocked.Increment(ref _resumed);
            // Once closed no tick rescues the callers queued behind one that blocks: each resumes on a work item of its own.
            channel.Deliver(inline: !_closed);
        }
    }
}
