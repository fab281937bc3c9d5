using System.Threading.Tasks.Sources;

namespace Zask.Zmtp.Internal;

/// <summary>
/// The messages waiting for <see cref="ZmtpSocket.ReceiveAsync"/>, bounded by the receive high-water mark. Made for
/// one reader loop: a message that finds the reader waiting is handed to it directly, and the reader's code resumes
/// on the read completion that brought the message (so what it sends joins that connection's corked batch, as from a
/// receive handler) unless it awaits with a context of its own or a resumed reader is already running on this
/// thread. A reader that is busy finds the next messages queued and takes them without waiting. Several readers may
/// wait at once; each message goes to one of them, first come first served. A reader that blocks where it resumed
/// stalls that connection's reading; <see cref="Complete"/> fails every waiting reader (asynchronously), which frees a
/// reader blocked on another's receive.
/// </summary>
internal sealed class ReceiveQueue
{
    // Set while a reader's continuation runs on this thread: a message it causes to be delivered here is then
    // handed over asynchronously rather than nesting another continuation in this stack.
    [ThreadStatic]
    private static bool t_resuming;

    private readonly object _lock = new();
    private readonly Queue<ZmtpMessage> _messages = new();
    private readonly Queue<Waiter> _waiters = new();
    private readonly int _capacity;
    private Waiter? _spare;
    private TaskCompletionSource? _space;
    private bool _completed;

    public ReceiveQueue(int capacity)
    {
        _capacity = Math.Max(capacity, 1);
    }

    /// <summary>
    /// Hands a message to a waiting reader or queues it; false when the queue is full. With
    /// <paramref name="resumeInline"/> a waiting reader resumes on this thread before this returns.
    /// </summary>
    public bool TryWrite(ZmtpMessage message, bool resumeInline)
    {
        Waiter? waiter = null;
        lock (_lock)
        {
            if (_completed)
            {
                // Closing: nobody will read it.
                return true;
            }
            while (_waiters.TryDequeue(out var candidate))
            {
                if (candidate.Pending)
                {
                    candidate.Pending = false;
                    waiter = candidate;
                    break;
                }
            }
            if (waiter is null)
            {
                if (_messages.Count >= _capacity)
                {
                    return false;
                }
                _messages.Enqueue(message);
                return true;
            }
        }
        if (!resumeInline || t_resuming)
        {
            waiter.SetResult(message, inline: false);
            return true;
        }
        t_resuming = true;
        try
        {
            waiter.SetResult(message, inline: true);
        }
        finally
        {
            t_resuming = false;
        }
        return true;
    }

    /// <summary>Queues a message, waiting while the queue is full; returns at once once the queue is completed.</summary>
    public async ValueTask WriteAsync(ZmtpMessage message, CancellationToken cancellationToken)
    {
        while (!TryWrite(message, resumeInline: false))
        {
            Task space;
            lock (_lock)
            {
                if (_messages.Count < _capacity || _completed)
                {
                    continue;
                }
                space = (_space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await space.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next message if one is queued.</summary>
    public bool TryRead(out ZmtpMessage? message)
    {
        TaskCompletionSource? space;
        lock (_lock)
        {
            if (!_messages.TryDequeue(out message))
            {
                return false;
            }
            space = TakeSpaceSignal();
        }
        space?.TrySetResult();
        return true;
    }

    /// <summary>The next message: at once when one is queued, otherwise when one arrives.</summary>
    /// <exception cref="ObjectDisposedException">The queue was completed and is empty.</exception>
    public ValueTask<ZmtpMessage> ReadAsync(CancellationToken cancellationToken)
    {
        if (TryRead(out var message))
        {
            return new ValueTask<ZmtpMessage>(message!);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ZmtpMessage>(cancellationToken);
        }
        var waiter = Interlocked.Exchange(ref _spare, null) ?? new Waiter(this);
        // Registered before the waiter is queued, so that no writer can complete it (and a reader recycle it) first.
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        }
        TaskCompletionSource? space = null;
        lock (_lock)
        {
            if (_messages.TryDequeue(out message))
            {
                space = TakeSpaceSignal();
            }
            else if (_completed)
            {
                waiter.Fail(new ObjectDisposedException(nameof(ZmtpSocket)));
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                waiter.Fail(new OperationCanceledException(cancellationToken));
            }
            else
            {
                waiter.Pending = true;
                _waiters.Enqueue(waiter);
            }
        }
        if (message is not null)
        {
            space?.TrySetResult();
            waiter.Recycle();
            return new ValueTask<ZmtpMessage>(message);
        }
        return new ValueTask<ZmtpMessage>(waiter, waiter.Version);
    }

    /// <summary>No more messages: waiting readers fail, queued messages can still be read, writers stop waiting.</summary>
    public void Complete()
    {
        List<Waiter> waiting = [];
        TaskCompletionSource? space;
        lock (_lock)
        {
            _completed = true;
            while (_waiters.TryDequeue(out var waiter))
            {
                if (waiter.Pending)
                {
                    waiter.Pending = false;
                    waiting.Add(waiter);
                }
            }
            space = _space;
            _space = null;
        }
        space?.TrySetResult();
        foreach (var waiter in waiting)
        {
            waiter.Fail(new ObjectDisposedException(nameof(ZmtpSocket)));
        }
    }

    // Called with the lock held after a dequeue.
    private TaskCompletionSource? TakeSpaceSignal()
    {
        if (_space is null || _messages.Count >= _capacity)
        {
            return null;
        }
        var space = _space;
        _space = null;
        return space;
    }

    /// <summary>One wait of a reader; reused by the next wait once its result is taken.</summary>
    private sealed class Waiter(ReceiveQueue queue) : IValueTaskSource<ZmtpMessage>
    {
        private ManualResetValueTaskSourceCore<ZmtpMessage> _core;

        /// <summary>Queued and not yet completed (guarded by the queue's lock).</summary>
        public bool Pending { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public short Version => _core.Version;

        public void SetResult(ZmtpMessage message, bool inline)
        {
            _core.RunContinuationsAsynchronously = !inline;
            _core.SetResult(message);
        }

        public void Fail(Exception error)
        {
            _core.RunContinuationsAsynchronously = true;
            _core.SetException(error);
        }

        public void Cancel(CancellationToken token)
        {
            lock (queue._lock)
            {
                if (!Pending)
                {
                    // Already given a message (or not queued yet: the reader sees the token itself).
                    return;
                }
                Pending = false;
                // Out of the waiters' queue, so that a reader that keeps timing out does not grow it.
                for (var i = queue._waiters.Count; i > 0; i--)
                {
                    var waiter = queue._waiters.Dequeue();
                    if (waiter != this)
                    {
                        queue._waiters.Enqueue(waiter);
                    }
                }
            }
            Fail(new OperationCanceledException(token));
        }

        public void Recycle()
        {
            // Waits for a cancellation callback still running, so that it cannot touch the next wait.
            Registration.Dispose();
            Registration = default;
            _core.Reset();
            Volatile.Write(ref queue._spare, this);
        }

        public ZmtpMessage GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                Recycle();
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
