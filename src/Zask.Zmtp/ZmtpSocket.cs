using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.Zmtp.Internal;
using Zask.Zmtp.Mechanisms;
using Zask.Zmtp.Sockets;
using Zask.Zmtp.Transports;

namespace Zask.Zmtp;

/// <summary>
/// A ZeroMQ socket (ROUTER, DEALER, PUSH, PULL, PUB or SUB) speaking ZMTP 3.1 to libzmq, pyzmq, zeromq.js and NetMQ
/// peers, over <c>tcp://</c> and <c>ipc://</c>, and to sockets of the same process over <c>inproc://</c>. It has no I/O thread: sends are written from the sender's thread (or
/// join the batch already being written), and each connection decodes what it reads on its read completion, where it
/// calls <see cref="ReceiveHandler"/> or queues the message for <see cref="ReceiveAsync"/>. Every member is thread-safe.
/// </summary>
public sealed class ZmtpSocket : IDisposable
{
    private readonly object _lock = new();
    private readonly object _spaceLock = new();
    private readonly Dictionary<string, Connector> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Listener> _listeners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ReceiveQueue _received;
    private readonly CancellationTokenSource _closing = new();
    private readonly Dictionary<string, byte[]> _localProperties;
    private Pipe[] _pipes = [];
    private int _spaceWaiters;
    private int _disposed;
    private Action<ZmtpMessage>? _receiveHandler;
    private bool _started;

    /// <summary>Creates a socket of the given type; <paramref name="options"/> are read when it binds or connects.</summary>
    public ZmtpSocket(ZmtpSocketType type, ZmtpSocketOptions? options = null)
    {
        Type = type;
        Options = options ?? new ZmtpSocketOptions();
        Behavior = SocketBehavior.Create(this, type);
        Logger = Options.Logger ?? NullLogger.Instance;
        _received = new ReceiveQueue(Options.ReceiveHighWatermark);
        _localProperties = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [NullMechanism.SocketTypeProperty] = Encoding.ASCII.GetBytes(Behavior.WireName),
        };
        if (Behavior.SendsIdentity)
        {
            _localProperties[NullMechanism.IdentityProperty] = Options.Identity ?? [];
        }
    }

    /// <summary>The socket type.</summary>
    public ZmtpSocketType Type { get; }

    /// <summary>The socket's options.</summary>
    public ZmtpSocketOptions Options { get; }

    /// <summary>
    /// When set (before the first Bind or Connect), every received message is handed to it on the completion of the
    /// read that brought it, with no hand-off to another thread; <see cref="ReceiveAsync"/> is then unavailable. It
    /// must be quick and must not block: that connection reads nothing else meanwhile. An exception it throws is
    /// logged and the connection keeps serving.
    /// </summary>
    public Action<ZmtpMessage>? ReceiveHandler
    {
        get => _receiveHandler;
        set
        {
            lock (_lock)
            {
                if (_started)
                {
                    throw new InvalidOperationException("set ReceiveHandler before the socket binds or connects");
                }
                _receiveHandler = value;
            }
        }
    }

    /// <summary>
    /// Raised when a connection completes its handshake, fails it, closes, or a connect attempt fails — on the thread
    /// that saw it. Keep handlers short; an exception they throw is ignored.
    /// </summary>
    public event EventHandler<ZmtpConnectionEvent>? ConnectionEvent;

    internal SocketBehavior Behavior { get; }

    internal ILogger Logger { get; }

    internal Pipe[] Pipes => Volatile.Read(ref _pipes);

    internal bool IsClosing => _closing.IsCancellationRequested;

    /// <summary>Open connections, handshaking or ready (tests watch it return to zero).</summary>
    internal int ConnectionCount => _connections.Count;

    /// <summary>
    /// Binds to an endpoint and accepts peers there; returns the endpoint actually bound, with a <c>*</c> or 0 port
    /// resolved (for example <c>tcp://127.0.0.1:*</c> gives <c>tcp://127.0.0.1:41234</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is malformed.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address is in use or not local.</exception>
    public string Bind(string endpoint)
    {
        var parsed = ZmtpEndpoint.Parse(endpoint);
        lock (_lock)
        {
            ThrowIfDisposed();
            _started = true;
            var listener = new Listener(this, parsed);
            _listeners[listener.Endpoint] = listener;
            _ = listener.Start();
            return listener.Endpoint;
        }
    }

    /// <summary>Stops accepting on an endpoint returned by <see cref="Bind"/>; established connections stay.</summary>
    public void Unbind(string endpoint)
    {
        Listener? listener;
        lock (_lock)
        {
            if (!_listeners.Remove(endpoint, out listener))
            {
                throw new ArgumentException($"'{endpoint}' is not bound on this socket (use the endpoint Bind returned)", nameof(endpoint));
            }
        }
        listener.Stop();
    }

    /// <summary>
    /// Connects to an endpoint, now and again after every disconnect, until <see cref="Disconnect"/>. Returns at once:
    /// no peer needs to be there yet, and messages sent meanwhile wait for it (DEALER, PUSH).
    /// </summary>
    public void Connect(string endpoint)
    {
        var parsed = ZmtpEndpoint.Parse(endpoint);
        if (!parsed.IsIpc && !parsed.IsInproc && parsed.Port == 0)
        {
            throw new ArgumentException($"endpoint '{endpoint}': connect needs a port, not * or 0", nameof(endpoint));
        }
        Connector connector;
        lock (_lock)
        {
            ThrowIfDisposed();
            _started = true;
            if (_connectors.ContainsKey(endpoint))
            {
                throw new InvalidOperationException($"already connected to '{endpoint}'");
            }
            var pipe = new Pipe(true, endpoint, Options.SendHighWatermark);
            connector = new Connector(this, parsed, pipe, _closing.Token);
            _connectors[endpoint] = connector;
            AddPipe(pipe);
        }
        _ = connector.Start();
        SignalSpace();
    }

    /// <summary>Drops a connection made with <see cref="Connect"/>, and the messages still queued for it.</summary>
    public void Disconnect(string endpoint)
    {
        Connector? connector;
        lock (_lock)
        {
            if (!_connectors.Remove(endpoint, out connector))
            {
                throw new ArgumentException($"not connected to '{endpoint}'", nameof(endpoint));
            }
            RemovePipe(connector.Pipe);
        }
        connector.Stop("disconnected");
        connector.Pipe.Clear();
    }

    /// <summary>
    /// Sends a multipart message if a peer can take it now, without waiting. On a ROUTER the first frame names the peer;
    /// false means no peer could take it (none connected, all full, or an unknown routing id). The frames are copied
    /// before this returns.
    /// </summary>
    public bool TrySend(params ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        ThrowIfCannotSend(frames);
        return Behavior.TrySend(frames, deferWrite: false);
    }

    /// <summary>
    /// <see cref="TrySend"/> for a sender that knows more messages follow (many requests in flight): when no write is
    /// under way, the write is queued to the thread pool instead of made now, so that the messages sent meanwhile
    /// (typically by the continuations this thread runs next) leave with this one in a single system call. A lone
    /// message goes faster with <see cref="TrySend"/>.
    /// </summary>
    public bool TrySendDeferred(params ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        ThrowIfCannotSend(frames);
        return Behavior.TrySend(frames, deferWrite: true);
    }

    /// <summary>
    /// Sends a multipart message. DEALER and PUSH wait while every peer is full or absent (up to
    /// <see cref="ZmtpSocketOptions.SendTimeout"/>); ROUTER and PUB never wait and drop a message no peer can take, as
    /// libzmq does. The frames are copied before this returns.
    /// </summary>
    /// <exception cref="TimeoutException">DEALER or PUSH: no peer could take the message within the send timeout.</exception>
    public void Send(params ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        ThrowIfCannotSend(frames);
        if (Behavior.TrySend(frames, deferWrite: false) || !Behavior.BlocksWhenMute)
        {
            return;
        }
        var timeout = Options.SendTimeout;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        Interlocked.Increment(ref _spaceWaiters);
        try
        {
            lock (_spaceLock)
            {
                while (!Behavior.TrySend(frames, deferWrite: false))
                {
                    ThrowIfDisposed();
                    var remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        throw new TimeoutException($"no peer could take the message within {timeout.TotalMilliseconds:0} ms: none is connected, or all are at the send high-water mark ({Options.SendHighWatermark})");
                    }
                    Monitor.Wait(_spaceLock, (int)Math.Min(remaining, int.MaxValue));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _spaceWaiters);
        }
    }

    /// <summary>Sends a message's frames (see <see cref="Send(ReadOnlySpan{ReadOnlyMemory{byte}})"/>).</summary>
    public void Send(ZmtpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frames = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(message.Count);
        try
        {
            for (var i = 0; i < message.Count; i++)
            {
                frames[i] = message[i];
            }
            Send(frames.AsSpan(0, message.Count));
        }
        finally
        {
            Array.Clear(frames, 0, message.Count);
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(frames);
        }
    }

    /// <summary>
    /// Waits for the next message (fair-queued across peers). A message already queued is returned at once. One that
    /// arrives while the caller waits resumes the caller on the completion of the read that brought it, as
    /// <see cref="System.Net.Sockets.Socket.ReceiveAsync(Memory{byte}, System.Net.Sockets.SocketFlags, CancellationToken)"/>
    /// does (unless the caller awaits on a <see cref="SynchronizationContext"/> or <see cref="TaskScheduler"/> of its
    /// own, or a reader resumed that way already runs on that thread: it is then resumed on the thread pool). Resumed
    /// there, what the caller sends before its next await leaves in that read's batch, and the connection that brought
    /// the message reads nothing else until the caller awaits again or returns: a caller that blocks synchronously
    /// after the await stalls that connection, for good if it waits for a message that connection would bring (until
    /// <see cref="Dispose"/>, which fails every waiting receive). Code that blocks after the await should first
    /// <c>await Task.Yield()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The socket type cannot receive, or a <see cref="ReceiveHandler"/> is set.</exception>
    /// <exception cref="ObjectDisposedException">The socket was disposed and no message is left.</exception>
    public ValueTask<ZmtpMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCannotReceive();
        return _received.ReadAsync(cancellationToken);
    }

    /// <summary>Takes the next message if one is waiting.</summary>
    public bool TryReceive(out ZmtpMessage? message)
    {
        ThrowIfCannotReceive();
        return _received.TryRead(out message);
    }

    /// <summary>SUB: receives the messages whose first frame starts with <paramref name="prefix"/> (empty: all).</summary>
    public void Subscribe(ReadOnlySpan<byte> prefix) => SubBehavior.Subscribe(prefix, subscribe: true);

    /// <summary>SUB: subscribes to a UTF-8 text prefix.</summary>
    public void Subscribe(string prefix) => Subscribe(Encoding.UTF8.GetBytes(prefix));

    /// <summary>SUB: cancels one <see cref="Subscribe(ReadOnlySpan{byte})"/> of the same prefix.</summary>
    public void Unsubscribe(ReadOnlySpan<byte> prefix) => SubBehavior.Subscribe(prefix, subscribe: false);

    /// <summary>SUB: cancels a UTF-8 text prefix.</summary>
    public void Unsubscribe(string prefix) => Unsubscribe(Encoding.UTF8.GetBytes(prefix));

    /// <summary>
    /// Closes the socket: waits up to <see cref="ZmtpSocketOptions.Linger"/> for queued messages to be written (still
    /// reconnecting meanwhile), then closes every connection and listener.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        // Drained: what the kernel still holds goes out after the close, as with libzmq's close(); the connections then
        // close gracefully. Not drained (linger expired): the rest is dropped.
        var graceful = WaitForQueuesToDrain(Options.Linger);
        _closing.Cancel();
        Listener[] listeners;
        Connector[] connectors;
        lock (_lock)
        {
            listeners = [.. _listeners.Values];
            connectors = [.. _connectors.Values];
            _listeners.Clear();
            _connectors.Clear();
        }
        foreach (var listener in listeners)
        {
            listener.Stop();
        }
        foreach (var connector in connectors)
        {
            connector.Stop("socket closed", graceful);
        }
        foreach (var connection in _connections.Keys)
        {
            connection.Abort("socket closed", graceful);
        }
        _received.Complete();
        lock (_spaceLock)
        {
            Monitor.PulseAll(_spaceLock);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the current thread once the read being handled has its successor under way,
    /// when called from a <see cref="ReceiveHandler"/>; anywhere else, queues it to the thread pool. A handler that must
    /// not run long (it holds its connection's reading) hands on work this way without the thread-pool hop: the work
    /// runs right after the read loop has started its next read, on the thread that was handling the last one, and
    /// data arriving meanwhile is read on another thread, so the work may block without stalling the connection.
    /// </summary>
    /// <param name="work">What to run; its <see cref="IThreadPoolWorkItem.Execute"/> is called once.</param>
    public static void QueueAfterReceive(IThreadPoolWorkItem work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!AfterRead.TryDefer(work))
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: true);
        }
    }

    internal Mechanism CreateMechanism() =>
        Options.MechanismFactory?.Invoke(_localProperties)
        ?? Options.Curve?.CreateMechanism(_localProperties, Options.CurveBatching)
        ?? new NullMechanism(_localProperties);

    internal bool TryDeliver(ZmtpMessage message)
    {
        var handler = _receiveHandler;
        if (handler is null)
        {
            // On the read completion: a waiting reader resumes here, so that what it sends joins the corked batch.
            return _received.TryWrite(message, resumeInline: true) || IsClosing;
        }
        try
        {
            handler(message);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Logger, ex);
        }
        return true;
    }

    // Waits for room in the receive queue (closing cancels the wait; once closed, the message is dropped).
    internal ValueTask DeliverAsync(ZmtpMessage message) => _received.WriteAsync(message, _closing.Token);

    internal bool AttachPipe(Pipe pipe, Connection connection, byte[]? peerIdentity)
    {
        if (IsClosing || !Behavior.OnAttaching(pipe, peerIdentity))
        {
            return false;
        }
        pipe.Attach(connection);
        if (!pipe.IsConnectSide)
        {
            lock (_lock)
            {
                AddPipe(pipe);
            }
        }
        Behavior.OnAttached(pipe);
        connection.FlushPending();
        SignalSpace();
        return true;
    }

    internal void DetachPipe(Pipe pipe, Connection connection)
    {
        pipe.Detach(connection);
        Behavior.OnDetached(pipe);
        if (!pipe.IsConnectSide)
        {
            lock (_lock)
            {
                RemovePipe(pipe);
            }
        }
    }

    internal void Track(Connection connection)
    {
        _connections.TryAdd(connection, 0);
        if (IsClosing)
        {
            connection.Abort("socket closed");
        }
    }

    internal void Untrack(Connection connection) => _connections.TryRemove(connection, out _);

    /// <summary>Wakes senders waiting for room (a write finished, a pipe attached).</summary>
    internal void SignalSpace()
    {
        if (Volatile.Read(ref _spaceWaiters) > 0)
        {
            lock (_spaceLock)
            {
                Monitor.PulseAll(_spaceLock);
            }
        }
    }

    internal void Raise(ZmtpConnectionEvent connectionEvent)
    {
        try
        {
            ConnectionEvent?.Invoke(this, connectionEvent);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Logger, ex);
        }
    }

    internal void RaiseRetry(string endpoint, string reason, TimeSpan delay)
    {
        Log.ConnectRetried(Logger, endpoint, reason, delay);
        Raise(new ZmtpConnectionEvent(ZmtpConnectionEventKind.ConnectRetried, endpoint, null, reason));
    }

    private SubBehavior SubBehavior => Behavior as SubBehavior
        ?? throw new InvalidOperationException($"only a SUB socket subscribes, not a {Behavior.WireName}");

    // Callers hold _lock.
    private void AddPipe(Pipe pipe) => Volatile.Write(ref _pipes, [.. _pipes, pipe]);

    private void RemovePipe(Pipe pipe) => Volatile.Write(ref _pipes, [.. _pipes.Where(p => p != pipe)]);

    // True when every queued message was handed to the kernel within the linger.
    private bool WaitForQueuesToDrain(TimeSpan linger)
    {
        if (linger == TimeSpan.Zero)
        {
            return Pipes.All(p => p.IsIdle);
        }
        var deadline = linger == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)linger.TotalMilliseconds;
        Interlocked.Increment(ref _spaceWaiters);
        try
        {
            lock (_spaceLock)
            {
                while (!Pipes.All(p => p.IsIdle))
                {
                    var remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        return false;
                    }
                    // Woken by each finished write; the slice bounds the wait for a pipe that attaches without writing.
                    Monitor.Wait(_spaceLock, (int)Math.Min(remaining, 100));
                }
                return true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _spaceWaiters);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);

    private void ThrowIfCannotSend(ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        ThrowIfDisposed();
        if (!Behavior.CanSend)
        {
            throw new InvalidOperationException($"a {Behavior.WireName} socket cannot send");
        }
        if (frames.IsEmpty)
        {
            throw new ArgumentException("a message has at least one frame", nameof(frames));
        }
    }

    private void ThrowIfCannotReceive()
    {
        if (!Behavior.CanReceive)
        {
            throw new InvalidOperationException($"a {Behavior.WireName} socket cannot receive");
        }
        if (_receiveHandler is not null)
        {
            throw new InvalidOperationException("this socket hands messages to its ReceiveHandler; ReceiveAsync is unavailable");
        }
    }
}
