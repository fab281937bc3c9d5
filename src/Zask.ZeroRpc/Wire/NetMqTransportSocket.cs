using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// A NetMQ socket driven by its own poller thread (the I/O thread), which reads incoming messages and passes them to
/// the receive callback. NetMQ sockets are not thread-safe: every use of the socket holds one lock. Another thread
/// sends itself when the lock is free (no hand-off, no wake-up); otherwise its message waits in a queue that the
/// I/O thread drains.
/// </summary>
/// <remarks>
/// The poller watches the socket's mailbox descriptor rather than the NetMQ socket, so that it never touches the
/// socket outside the lock. That descriptor is edge-like (ZeroMQ's <c>ZMQ_FD</c>): any use of the socket may consume
/// its signal. The I/O thread therefore always ends its work on the socket with a receive that finds nothing (which
/// leaves the descriptor armed), and a thread that sent outside the I/O thread looks whether input is waiting and
/// rings the I/O thread when it is. When NetMQ hides the descriptor (another version), the poller watches the socket
/// and every send goes through the I/O thread.
/// </remarks>
internal sealed class NetMqTransportSocket : ITransportSocket
{
    // Sends never block; a queue this deep only fills when a peer has stopped reading for good.
    private const int HighWatermark = 100_000;
    private const int MaxMessagesPerWakeup = 512;
    // Rounds of draining and receiving before the I/O thread lets its poller run timers and tasks.
    private const int MaxRoundsPerWakeup = 4;
    // Peers seen by a ROUTER; past this many the cache starts over (identities of gone peers are never reused).
    private const int MaxCachedIdentities = 4096;

    private readonly NetMQSocket _socket;
    // Held for every use of _socket, by the I/O thread and by threads that send directly.
    private readonly object _socketGate = new();
    // The socket's mailbox descriptor, which the poller watches; null when NetMQ hides it (no direct sends then).
    private readonly System.Net.Sockets.Socket? _mailbox;
    private readonly bool _receives;
    // Whether a direct send may have taken the mailbox's signal, so that the look for waiting input is skipped when not.
    private readonly NetMqCommandReads _commandReads;
    // Messages that could not be sent at once wait here; the doorbell wakes the I/O thread only when it is not
    // already busy, and the I/O thread then drains everything queued. The doorbell is a task on the poller's own
    // queue rather than a queue socket of ours: every NetMQ socket in the poll set costs two system calls per
    // poller wake-up (NetMQ checks each one's events before and after waiting).
    private readonly ConcurrentQueue<OutgoingMessage> _outgoing = new();
    private readonly Action _pumpOnDoorbell;
    private int _doorbellRung;
    // 1 while the I/O thread works on the socket: it drains the outgoing queue before it polls again, so a message
    // queued meanwhile needs no doorbell.
    private int _ioBusy;
    private readonly NetMQPoller _poller;
    private readonly Action<IncomingMessage> _onReceive;
    private readonly ILogger _logger;
    private readonly List<byte[]> _frames = new(4);
    // A ROUTER sees the same identities again and again: one envelope array per peer, shared by its messages.
    private readonly Dictionary<byte[], byte[][]> _identities = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], byte[][]>.AlternateLookup<ReadOnlySpan<byte>> _identitiesBySpan;
    private readonly NetMQMonitor? _monitor;
    private int _disposed;

    static NetMqTransportSocket()
    {
        // Before any NetMQ socket of ours: NetMQ sets its clock up once, with the first socket.
        NetMqTimestampCounter.Enable();
    }

    /// <param name="kind">The socket type.</param>
    /// <param name="onReceive">Called on the I/O thread for every message received.</param>
    /// <param name="logger">Where send failures are reported.</param>
    /// <param name="security">CurveZMQ settings, or <c>null</c>.</param>
    /// <param name="immediate">
    /// Queue messages only on completed connections (ZMQ_IMMEDIATE), so that a send to an endpoint that is down
    /// fails at once instead of waiting in a queue for a peer that may never come back.
    /// </param>
    /// <param name="directSends">
    /// <c>false</c>: the poller watches the NetMQ socket and every send goes through the I/O thread, as when NetMQ
    /// hides the mailbox descriptor (tests use it to cover that path).
    /// </param>
    public NetMqTransportSocket(SocketKind kind, Action<IncomingMessage> onReceive, ILogger logger, TransportSecurity? security = null,
        bool immediate = false, bool directSends = true)
    {
        Kind = kind;
        _onReceive = onReceive;
        _logger = logger;
        _receives = kind is not (SocketKind.Push or SocketKind.Publish);
        _socket = kind switch
        {
            SocketKind.Router => new RouterSocket(),
            SocketKind.Dealer => new DealerSocket(),
            SocketKind.Push => new PushSocket(),
            SocketKind.Pull => new PullSocket(),
            SocketKind.Publish => new PublisherSocket(),
            SocketKind.Subscribe => new SubscriberSocket(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Options.SendHighWatermark = HighWatermark;
        _socket.Options.ReceiveHighWatermark = HighWatermark;
        _socket.Options.DelayAttachOnConnect = immediate;
        _socket.Options.ReconnectInterval = TimeSpan.FromMilliseconds(100);
        _socket.Options.ReconnectIntervalMax = TimeSpan.FromSeconds(2);
        security?.Apply(_socket);
        if (_socket is SubscriberSocket subscriber)
        {
            subscriber.SubscribeToAnyTopic();
        }
        _identitiesBySpan = _identities.GetAlternateLookup<ReadOnlySpan<byte>>();
        _pumpOnDoorbell = OnDoorbell;
        _poller = new NetMQPoller();
        _mailbox = directSends ? NetMqMailbox.Find(_socket) : null;
        _commandReads = NetMqCommandReads.For(_socket);
        if (_mailbox is not null)
        {
            _poller.Add(_mailbox, _ => Pump());
        }
        else
        {
            _socket.ReceiveReady += (_, _) => Pump();
            _poller.Add(_socket);
        }
        if (immediate)
        {
            // Knowing at once that a connection closed lets calls in flight on it fail now, not after heartbeats.
            _monitor = new NetMQMonitor(_socket, $"inproc://zask-monitor-{Guid.NewGuid():N}", SocketEvents.Disconnected | SocketEvents.Connected);
            _monitor.Disconnected += (_, _) => PeerDisconnected?.Invoke();
            _monitor.Connected += (_, _) => PeerConnected?.Invoke();
            MonitorPoller.Attach(_monitor);
        }
        _poller.RunAsync($"zask-{kind.ToString().ToLowerInvariant()}-io", isBackgroundThread: true);
    }

    public SocketKind Kind { get; }

    public event Action? PeerDisconnected;

    public event Action? PeerConnected;

    public string Bind(string endpoint)
    {
        string bound = endpoint;
        Invoke(() =>
        {
            _socket.Bind(endpoint);
            bound = _socket.Options.LastEndpoint ?? endpoint;
        });
        return bound;
    }

    public void Connect(string endpoint) => Invoke(() => _socket.Connect(endpoint));

    public void Disconnect(string endpoint) => Invoke(() => _socket.Disconnect(endpoint));

    public void Send(OutgoingMessage message)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            message.Release();
            return;
        }
        if (_poller.CanExecuteTaskInline)
        {
            if (_outgoing.IsEmpty)
            {
                // On the I/O thread (a heartbeat, a credit grant, a call served inline): send now. Only with nothing
                // queued, so that messages keep the order they were sent in. The I/O thread re-arms the mailbox when
                // it is done with the socket.
                SendAndRelease(message);
                return;
            }
        }
        else if (_mailbox is not null && _outgoing.IsEmpty && Monitor.TryEnter(_socketGate))
        {
            SendDirectly(message);
            return;
        }
        _outgoing.Enqueue(message);
        // The enqueue above is a full fence, as is the I/O thread's reset of _ioBusy before its last look at the
        // queue: either it sees this message, or this read sees 0 and rings.
        if (Volatile.Read(ref _ioBusy) == 0)
        {
            RingDoorbell();
        }
    }

    /// <summary>Sends from a thread other than the I/O thread, which holds the socket's lock already.</summary>
    private void SendDirectly(OutgoingMessage message)
    {
        var inputWaits = false;
        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                var mark = _commandReads.Mark();
                var sent = SendFrames(message);
                // NetMQ may have read the socket's commands while sending, taking the mailbox's signal with them: when
                // a message waits to be read, the poller would not hear of it, so the I/O thread is rung instead.
                inputWaits = _receives && (!sent || _commandReads.MayHaveReadSince(mark)) && _socket.HasIn;
            }
        }
        finally
        {
            Monitor.Exit(_socketGate);
            message.Release();
        }
        if (inputWaits)
        {
            RingDoorbell();
        }
    }

    private void SendAndRelease(OutgoingMessage message)
    {
        try
        {
            lock (_socketGate)
            {
                SendFrames(message);
            }
        }
        finally
        {
            message.Release();
        }
    }

    private void RingDoorbell()
    {
        // Only the first ring before the I/O thread answers counts; the others are served by the same wake-up.
        if (Interlocked.Exchange(ref _doorbellRung, 1) == 0)
        {
            try
            {
                new Task(_pumpOnDoorbell).Start(_poller);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or TaskSchedulerException or InvalidOperationException)
            {
                // Closed meanwhile: the message is dropped, as any sent after Dispose.
            }
        }
    }

    public void AddTimer(TimeSpan interval, Action tick)
    {
        var timer = new NetMQTimer(interval);
        timer.Elapsed += (_, _) =>
        {
            try
            {
                tick();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A timer on the {Kind} socket's I/O thread failed", Kind);
            }
            // The tick may have sent (heartbeats): leave the mailbox armed.
            Pump();
        };
        Invoke(() => _poller.Add(timer));
    }

    public void Invoke(Action action)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Exception? failure = null;
        var task = new Task(() =>
        {
            try
            {
                lock (_socketGate)
                {
                    action();
                }
                Pump();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        task.Start(_poller);
        task.Wait();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void OnDoorbell()
    {
        // Re-arm before pumping: a message queued from now on rings again, so none can be left behind.
        Interlocked.Exchange(ref _doorbellRung, 0);
        Pump();
    }

    /// <summary>
    /// The I/O thread's work on the socket: sends what is queued and reads what has arrived, until neither is left,
    /// ending with a receive that finds nothing (which leaves the mailbox armed for the poller).
    /// </summary>
    private void Pump()
    {
        try
        {
            PumpOnce();
        }
        catch (Exception ex)
        {
            // The poller's thread must survive: an exception here would end it (or, in a task, go unseen). After
            // Dispose, a failure is only the socket closing under the pump.
            if (Volatile.Read(ref _disposed) == 0)
            {
                _logger.LogError(ex, "Sending or receiving on the {Kind} socket failed", Kind);
                // Senders that queued meanwhile counted on this pump: come back for their messages.
                Interlocked.Exchange(ref _ioBusy, 0);
                if (!_outgoing.IsEmpty)
                {
                    RingDoorbell();
                }
            }
        }
    }

    private void PumpOnce()
    {
        // The poller runs its thread under a synchronization context of its own. A handler may run user code (a call
        // served inline): without clearing it, every await there would come back to this thread, not the pool.
        var pollerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (var round = 1; ; round++)
            {
                bool more;
                lock (_socketGate)
                {
                    Volatile.Write(ref _ioBusy, 1);
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        return;
                    }
                    var sent = DrainOutgoing();
                    var received = ReceiveAvailable();
                    more = sent == MaxMessagesPerWakeup || received == MaxMessagesPerWakeup;
                }
                Interlocked.Exchange(ref _ioBusy, 0);
                if (!more && _outgoing.IsEmpty)
                {
                    return;
                }
                if (round == MaxRoundsPerWakeup)
                {
                    // Still busy: come back after the poller has run its timers and tasks.
                    RingDoorbell();
                    return;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(pollerContext);
        }
    }

    private int DrainOutgoing()
    {
        var sent = 0;
        while (sent < MaxMessagesPerWakeup && _outgoing.TryDequeue(out var message))
        {
            sent++;
            try
            {
                SendFrames(message);
            }
            finally
            {
                message.Release();
            }
        }
        return sent;
    }

    /// <summary>Hands the message's frames to NetMQ. Returns <c>false</c> when it refused them (reported already).</summary>
    private bool SendFrames(OutgoingMessage message)
    {
        var msg = default(Msg);
        var sent = true;
        if (Kind is SocketKind.Router or SocketKind.Dealer)
        {
            if (message.Envelope is not null)
            {
                foreach (var frame in message.Envelope)
                {
                    // Envelope arrays are never modified (received identities, cached per peer): no copy needed.
                    msg.InitGC(frame, frame.Length);
                    sent &= _socket.TrySend(ref msg, TimeSpan.Zero, more: true);
                    msg.Close();
                }
            }
            // Always send the empty delimiter: Node drops messages without it.
            msg.InitEmpty();
            sent &= _socket.TrySend(ref msg, TimeSpan.Zero, more: true);
            msg.Close();
        }
        // ZeroMQ keeps the frame until the connection's thread has written it, so the rented buffer cannot be lent;
        // an exact copy wrapped with InitGC costs one array, where InitPool would add a reference counter per frame.
        msg.InitGC(message.Blob.ToArray(), message.Length);
        sent &= _socket.TrySend(ref msg, TimeSpan.Zero, more: false);
        msg.Close();
        if (!sent)
        {
            if (message.Observer is { } observer)
            {
                observer.OnSendFailed();
            }
            else
            {
                _logger.LogWarning("Dropped an outgoing message: the {Kind} socket's send queue is full or has no peer", Kind);
            }
        }
        return sent;
    }

    /// <summary>
    /// Reads up to a batch of messages and hands each to the receive callback. Returns how many were read; fewer than
    /// a batch means the last receive found nothing. A socket that only sends has its commands read instead.
    /// </summary>
    private int ReceiveAvailable()
    {
        if (!_receives)
        {
            // Reading the events makes NetMQ read the socket's commands (new peers, pipes that drained).
            _ = _socket.HasOut;
            return 0;
        }
        var msg = default(Msg);
        msg.InitEmpty();
        var received = 0;
        try
        {
            while (received < MaxMessagesPerWakeup && _socket.TryReceive(ref msg, TimeSpan.Zero))
            {
                received++;
                _frames.Clear();
                byte[][]? peer = null;
                while (msg.HasMore)
                {
                    // Not the last frame: an identity or the delimiter.
                    if (_frames.Count == 0 && Kind == SocketKind.Router && msg.Size > 0)
                    {
                        peer = PeerEnvelope(msg.Slice());
                        _frames.Add(peer[0]);
                    }
                    else
                    {
                        _frames.Add(msg.Size == 0 ? [] : msg.ToArray());
                    }
                    _socket.TryReceive(ref msg, TimeSpan.Zero);
                }
                Dispatch(msg.ToArray(), peer);
            }
        }
        finally
        {
            msg.Close();
        }
        return received;
    }

    private byte[][] PeerEnvelope(ReadOnlySpan<byte> identity)
    {
        if (_identitiesBySpan.TryGetValue(identity, out var envelope))
        {
            return envelope;
        }
        if (_identities.Count >= MaxCachedIdentities)
        {
            _identities.Clear();
        }
        var key = identity.ToArray();
        envelope = [key];
        _identities[key] = envelope;
        return envelope;
    }

    private void Dispatch(byte[] blob, byte[][]? peer)
    {
        // zerorpc-python's rule: with 3+ frames, all but the last two are the envelope (the second-to-last is the
        // delimiter); with 2 frames, the first is the identity; with 1, there is none. The common cases reuse the
        // peer's cached envelope.
        var count = _frames.Count + 1;
        byte[][]? envelope = count switch
        {
            1 => null,
            2 => Kind == SocketKind.Router ? peer ?? [_frames[0]] : null,
            3 when peer is not null => peer,
            _ => CopyEnvelope(count - 2),
        };
        try
        {
            _onReceive(new IncomingMessage(envelope, blob));
        }
        catch (Exception ex)
        {
            // The I/O thread must survive anything a handler does.
            _logger.LogError(ex, "Unhandled error while handling an incoming message");
        }
    }

    private byte[][] CopyEnvelope(int length)
    {
        var envelope = new byte[length][];
        _frames.CopyTo(0, envelope, 0, length);
        return envelope;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            _poller.Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        _poller.Dispose();
        if (_monitor is not null)
        {
            MonitorPoller.Release(_monitor);
        }
        lock (_socketGate)
        {
            // After any direct send in progress; later ones see _disposed.
            _socket.Dispose();
        }
        while (_outgoing.TryDequeue(out var pending))
        {
            pending.Release();
        }
    }
}
