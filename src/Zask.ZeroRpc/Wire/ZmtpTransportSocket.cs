using Microsoft.Extensions.Logging;
using Zask.Zmtp;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// An <see cref="ITransportSocket"/> on Zask.Zmtp's <see cref="ZmtpSocket"/>, which has no I/O thread: each connection
/// hands what it reads to the receive callback on its own read completion, and sends are written by the sender.
/// </summary>
/// <remarks>
/// The channel multiplexer, its timers and <see cref="Invoke"/> were written for one I/O thread. Rather than make every
/// piece of channel state safe for concurrent receives, this socket serialises its callbacks — receives from every
/// connection, timer ticks and invoked actions — with one lock (<c>_serial</c>): the same guarantee that thread gave,
/// at the cost of an uncontended lock per message (a ROUTER with many busy clients contends, but the work under it is
/// a decode and a dictionary lookup; slow calls leave it for the thread pool). Sends take no lock of ours: ZmtpSocket
/// is thread-safe and a send never waits (ROUTER drops, DEALER/PUSH use TrySend), so holding the lock while sending a
/// reply cannot deadlock.
/// </remarks>
internal sealed class ZmtpTransportSocket : ITransportSocket
{
    // Sends never block; a queue this deep only fills when a peer has stopped reading for good.
    private const int HighWatermark = 100_000;
    // Peers seen by a ROUTER; past this many the cache starts over (identities of gone peers are never reused).
    private const int MaxCachedIdentities = 4096;

    private readonly ZmtpSocket _socket;
    private readonly object _serial = new();
    private readonly Action<IncomingMessage> _onReceive;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<ITimer> _timers = new();
    // A ROUTER sees the same identities again and again: one envelope array per peer, shared by its messages. Used
    // under _serial only.
    private readonly Dictionary<byte[], byte[][]> _identities = new(ByteArrayComparer.Instance);
    private int _disposed;

    // True on a thread while it runs this kind of socket's serialised work (a receive, a tick, an Invoke): what the
    // I/O thread was under NetMQ. Calls run inline there; tests and diagnostics ask where they are.
    [ThreadStatic]
    private static bool t_serialised;

    /// <param name="kind">The socket type.</param>
    /// <param name="onReceive">Called for every message received, never concurrently with itself, a timer or an Invoke.</param>
    /// <param name="logger">Where send failures and refused CURVE clients are reported.</param>
    /// <param name="security">CurveZMQ settings, or <c>null</c>.</param>
    /// <param name="timeProvider">The clock of the timers (<see cref="TimeProvider.System"/> by default).</param>
    public ZmtpTransportSocket(SocketKind kind, Action<IncomingMessage> onReceive, ILogger logger, TransportSecurity? security = null,
        TimeProvider? timeProvider = null)
    {
        Kind = kind;
        _onReceive = onReceive;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        var options = new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            SendHighWatermark = HighWatermark,
            ReceiveHighWatermark = HighWatermark,
            ReconnectInterval = TimeSpan.FromMilliseconds(100),
            ReconnectIntervalMax = TimeSpan.FromSeconds(2),
            Curve = security?.Curve,
            CurveBatching = security?.CurveBatching ?? true,
            Logger = logger,
        };
        _socket = new ZmtpSocket(kind switch
        {
            SocketKind.Router => ZmtpSocketType.Router,
            SocketKind.Dealer => ZmtpSocketType.Dealer,
            SocketKind.Push => ZmtpSocketType.Push,
            SocketKind.Pull => ZmtpSocketType.Pull,
            SocketKind.Publish => ZmtpSocketType.Pub,
            SocketKind.Subscribe => ZmtpSocketType.Sub,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        }, options);
        if (kind is not (SocketKind.Push or SocketKind.Publish))
        {
            _socket.ReceiveHandler = OnReceive;
        }
        if (kind == SocketKind.Subscribe)
        {
            _socket.Subscribe(ReadOnlySpan<byte>.Empty);
        }
        _socket.ConnectionEvent += OnConnectionEvent;
    }

    public SocketKind Kind { get; }

    /// <summary>Whether the current thread is running a socket's serialised work (a receive, a timer tick, an Invoke).</summary>
    public static bool OnSerialisedPath => t_serialised;

    /// <summary>
    /// From a receive callback: runs <paramref name="work"/> on this thread once the connection's next read is under
    /// way, so it neither delays that read nor takes a thread-pool hop; from anywhere else, queues it to the pool.
    /// </summary>
    public static void QueueAfterReceive(IThreadPoolWorkItem work) => ZmtpSocket.QueueAfterReceive(work);

    public event Action? PeerDisconnected;

    public event Action? PeerConnected;

    public string Bind(string endpoint) => _socket.Bind(endpoint);

    public void Connect(string endpoint) => _socket.Connect(endpoint);

    public void Disconnect(string endpoint) => _socket.Disconnect(endpoint);

    public void Send(OutgoingMessage message)
    {
        try
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }
            bool sent;
            try
            {
                sent = SendFrames(message);
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile: dropped, as any message sent after Dispose.
                return;
            }
            if (!sent)
            {
                if (message.Observer is { } observer)
                {
                    observer.OnSendFailed();
                }
                else
                {
                    TransportLog.DroppedOutgoing(_logger, Kind);
                }
            }
        }
        finally
        {
            message.Release();
        }
    }

    private bool SendFrames(OutgoingMessage message)
    {
        // ZmtpSocket copies the frames before TrySend returns, so the rented buffer can be lent and released after.
        var blob = new ReadOnlyMemory<byte>(message.RentedBuffer, 0, message.Length);
        if (Kind is not (SocketKind.Router or SocketKind.Dealer))
        {
            return _socket.TrySend(blob);
        }
        var envelope = message.Envelope;
        if (envelope is null)
        {
            // Always send the empty delimiter: Node drops messages without it.
            return message.MoreFollow
                ? _socket.TrySendDeferred(ReadOnlyMemory<byte>.Empty, blob)
                : _socket.TrySend(ReadOnlyMemory<byte>.Empty, blob);
        }
        if (envelope.Length == 1)
        {
            return _socket.TrySend(envelope[0], ReadOnlyMemory<byte>.Empty, blob);
        }
        var frames = new ReadOnlyMemory<byte>[envelope.Length + 2];
        for (var i = 0; i < envelope.Length; i++)
        {
            frames[i] = envelope[i];
        }
        frames[^2] = ReadOnlyMemory<byte>.Empty;
        frames[^1] = blob;
        return _socket.TrySend(frames);
    }

    public void AddTimer(TimeSpan interval, Action tick)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var running = 0;
        var timer = _time.CreateTimer(_ =>
        {
            // A tick still running (the lock busy) makes the next one pointless: skip it rather than queue threads.
            if (Interlocked.Exchange(ref running, 1) != 0)
            {
                return;
            }
            try
            {
                lock (_serial)
                {
                    if (Volatile.Read(ref _disposed) == 0)
                    {
                        RunSerialised(tick);
                    }
                }
            }
            catch (Exception ex)
            {
                TransportLog.TimerFailed(_logger, ex, Kind);
            }
            finally
            {
                Volatile.Write(ref running, 0);
            }
        }, null, interval, interval);
        lock (_timers)
        {
            _timers.Add(timer);
        }
    }

    public void Invoke(Action action)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_serial)
        {
            RunSerialised(action);
        }
    }

    private static void RunSerialised(Action action)
    {
        var outer = t_serialised;
        t_serialised = true;
        try
        {
            action();
        }
        finally
        {
            t_serialised = outer;
        }
    }

    private void OnReceive(ZmtpMessage message)
    {
        lock (_serial)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }
            var outer = t_serialised;
            t_serialised = true;
            try
            {
                _onReceive(new IncomingMessage(Envelope(message), message.Last));
            }
            catch (Exception ex)
            {
                // The connection must survive anything a handler does.
                TransportLog.ReceiveFailed(_logger, ex);
            }
            finally
            {
                t_serialised = outer;
            }
        }
    }

    private byte[][]? Envelope(ZmtpMessage message)
    {
        // zerorpc-python's rule: with 3+ frames, all but the last two are the envelope (the second-to-last is the
        // delimiter); with 2 frames, the first is the identity on a ROUTER; with 1, there is none.
        var count = message.Count;
        if (count == 1 || (count == 2 && Kind != SocketKind.Router))
        {
            return null;
        }
        var length = count == 2 ? 1 : count - 2;
        if (length == 1 && Kind == SocketKind.Router)
        {
            // ZmtpSocket shares one routing-id array per peer: it keys the cache without a copy.
            var identity = message[0];
            if (!_identities.TryGetValue(identity, out var cached))
            {
                if (_identities.Count >= MaxCachedIdentities)
                {
                    _identities.Clear();
                }
                cached = [identity];
                _identities[identity] = cached;
            }
            return cached;
        }
        var envelope = new byte[length][];
        for (var i = 0; i < length; i++)
        {
            envelope[i] = message[i];
        }
        return envelope;
    }

    private void OnConnectionEvent(object? sender, ZmtpConnectionEvent e)
    {
        switch (e.Kind)
        {
            case ZmtpConnectionEventKind.Connected:
                PeerConnected?.Invoke();
                break;
            case ZmtpConnectionEventKind.Disconnected:
                PeerDisconnected?.Invoke();
                break;
            // HandshakeFailed (a refused CURVE client, a wrong server key): ZmtpSocket logs one Warning naming it.
        }
    }

    public void Dispose() => Close(TimeSpan.Zero);

    public void Close(TimeSpan linger)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // The options are this socket's own, and ZmtpSocket reads the linger when it closes.
        _socket.Options.Linger = linger;
        lock (_timers)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
        _socket.Dispose();
    }
}
