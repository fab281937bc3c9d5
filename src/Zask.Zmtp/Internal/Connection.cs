using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Zask.Zmtp.Framing;
using Zask.Zmtp.Mechanisms;

namespace Zask.Zmtp.Internal;

/// <summary>
/// One ZMTP connection, with no thread of its own. Reading: an async receive into a pooled buffer, then every frame
/// the read completed is decoded and handled on that completion (greeting, handshake, commands, messages). Writing:
/// a sender encodes its frames into the pending batch under a lock; if no write is in progress it becomes the writer
/// and sends the batch from its own thread; otherwise the current writer sends it with whatever else joined.
/// </summary>
internal sealed class Connection : IFrameSink
{
    // A corked batch is written early once it holds this much.
    private const int CorkLimit = 256 * 1024;

    // Unwritten bytes past which a PING gets no PONG.
    private const int MaxPongBacklog = 64 * 1024;

    // The most plaintext one coalesced CURVE box carries (part of what X-Zask-Curve-Batch "1" means to both ends): a
    // longer run of frames continues in the next box.
    private const int BoxPlaintextLimit = 64 * 1024;

    // A coalesced box's frame header always takes the long form, so that its room can be kept before its size is known.
    private const int BoxHeaderLength = 9;

    private readonly ZmtpSocket _owner;
    private readonly Socket _socket;
    private readonly Mechanism _mechanism;
    private readonly FrameDecoder _decoder;
    private readonly Greeting _greeting = new();
    private readonly object _writeLock = new();
    private readonly List<byte[]> _handshakeOutput = [];
    private OutBuffer _pending = new();
    private OutBuffer _flushing = new();
    private int _pendingMessages;
    private int _flushingMessages;
    private bool _writing;
    private int _corkOwner;
    private bool _closed;
    private bool _encrypt;
    // Coalesced CURVE boxes (both ends announced them): where the open box and the first box start in _pending.
    private bool _batch;
    private int _openBox = -1;
    private int _firstBox = -1;
    private FrameDecoder? _boxDecoder;
    private BoxFrames? _boxFrames;
    private volatile bool _ready;
    private bool _attached;
    private Pipe? _pipe;
    private List<byte[]>? _incoming;
    private Queue<ZmtpMessage>? _stalled;
    private string? _abortReason;
    // For the metrics: why the handshake failed, and whether the open connection was counted.
    private string _failureKind = "io";
    private bool _countedOpen;

    public Connection(ZmtpSocket owner, Socket socket, string endpoint, Pipe? pipe)
    {
        _owner = owner;
        _socket = socket;
        _pipe = pipe;
        Endpoint = endpoint;
        Remote = DescribeRemote(socket);
        _mechanism = owner.CreateMechanism();
        _decoder = new FrameDecoder(owner.Options.MaxMessageSize);
    }

    /// <summary>The socket endpoint this connection belongs to.</summary>
    public string Endpoint { get; }

    /// <summary>The peer's address, for events and logs.</summary>
    public string Remote { get; }

    /// <summary>The peer's ZMTP minor version (0: 3.0, subscriptions as data frames; 1+: as commands).</summary>
    public int PeerMinor { get; private set; }

    /// <summary>The peer's metadata, once the handshake is done.</summary>
    public IReadOnlyDictionary<string, byte[]> PeerProperties => _mechanism.PeerProperties;

    /// <summary>True when nothing waits to be written.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_writeLock)
            {
                return _closed || (_pending.Length == 0 && !_writing);
            }
        }
    }

    private int PendingBytes
    {
        get
        {
            lock (_writeLock)
            {
                return _pending.Length + _flushing.Length;
            }
        }
    }

    /// <summary>Runs the connection until it closes; true when its handshake had completed.</summary>
    public async Task<bool> RunAsync()
    {
        var reason = "closed";
        byte[]? buffer = null;
        CancellationTokenSource? handshakeTimeout = new();
        var handshakeToken = handshakeTimeout.Token;
        if (_owner.Options.HandshakeInterval > TimeSpan.Zero && _owner.Options.HandshakeInterval != Timeout.InfiniteTimeSpan)
        {
            handshakeTimeout.CancelAfter(_owner.Options.HandshakeInterval);
        }
        using var registration = handshakeToken.Register(static state => ((Connection)state!).AbortHandshake(), this);
        var bufferSize = Math.Max(_owner.Options.ReadBufferSize, 256);
        // What the receive handlers of the last read deferred (ZmtpSocket.QueueAfterReceive): run once the next read is armed.
        var deferred = default(DeferredWork);
        try
        {
            var identity = _owner.Options.Identity;
            EnqueueRaw(Greeting.Signature(identity?.Length ?? 0));

            // The greeting, in libzmq's stages: our major once the peer's signature is in, the rest once its major is.
            buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
            int received;
            int consumed;
            var sentMajor = false;
            var sentRest = false;
            do
            {
                received = await _socket.ReceiveAsync(buffer.AsMemory(0, bufferSize), SocketFlags.None).ConfigureAwait(false);
                ZmtpMetrics.Received(received);
                if (received == 0)
                {
                    throw new IOException($"the peer closed the connection after {_greeting.Filled} bytes of greeting");
                }
                consumed = _greeting.Feed(buffer.AsSpan(0, received));
                if (!sentMajor && _greeting.Filled >= Greeting.SignatureLength)
                {
                    EnqueueRaw([Greeting.Major]);
                    sentMajor = true;
                }
                if (!sentRest && _greeting.Filled > Greeting.SignatureLength)
                {
                    EnqueueRaw(Greeting.Rest(_mechanism.Name, _mechanism.AsServer));
                    sentRest = true;
                }
            }
            while (!_greeting.IsComplete);

            if (_greeting.PeerMechanism != _mechanism.Name)
            {
                throw new ZmtpProtocolException($"security mechanism mismatch: the peer uses {Printable(_greeting.PeerMechanism)}, this socket {_mechanism.Name}");
            }
            PeerMinor = _greeting.PeerMinor;
            _mechanism.Start(_handshakeOutput);
            SendHandshakeOutput();

            var outer = AfterRead.Begin();
            try
            {
                Decode(buffer.AsSpan(consumed, received - consumed));
            }
            finally
            {
                deferred = AfterRead.End(outer);
            }
            if (_stalled is not null)
            {
                deferred = QueueDeferred(deferred);
                await DeliverStalledAsync().ConfigureAwait(false);
            }
            while (true)
            {
                var direct = _decoder.DirectTarget;
                if (!direct.IsEmpty)
                {
                    // A large body: read straight into its array instead of through the read buffer.
                    var read = new ArmedRead(_socket.ReceiveAsync(direct, SocketFlags.None), deferred);
                    deferred = default;
                    received = await read;
                    ZmtpMetrics.Received(received);
                    if (received == 0)
                    {
                        throw new IOException("the peer closed the connection in the middle of a frame");
                    }
                    var corked = Cork();
                    outer = AfterRead.Begin();
                    try
                    {
                        _decoder.AdvanceDirect(received, this);
                    }
                    finally
                    {
                        deferred = AfterRead.End(outer);
                        // Also when the frame ends the connection: what it queued (a CURVE ERROR) still goes out.
                        Uncork(corked);
                    }
                }
                else
                {
                    if (buffer is null)
                    {
                        // Idle: wait for data without holding a buffer, so an idle connection costs little memory.
                        var wait = new ArmedRead(_socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None), deferred);
                        deferred = default;
                        await wait;
                        buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
                    }
                    var read = new ArmedRead(_socket.ReceiveAsync(buffer.AsMemory(0, bufferSize), SocketFlags.None), deferred);
                    deferred = default;
                    received = await read;
                    ZmtpMetrics.Received(received);
                    if (received == 0)
                    {
                        throw new IOException(_decoder.IsIdle && _incoming is null && _boxDecoder?.IsIdle != false
                            ? "the peer closed the connection"
                            : "the peer closed the connection in the middle of a message");
                    }
                    var corked = Cork();
                    outer = AfterRead.Begin();
                    try
                    {
                        Decode(buffer.AsSpan(0, received));
                    }
                    finally
                    {
                        deferred = AfterRead.End(outer);
                        Uncork(corked);
                    }
                    if (_ready && received < bufferSize)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                }
                if (_stalled is not null)
                {
                    deferred = QueueDeferred(deferred);
                    await DeliverStalledAsync().ConfigureAwait(false);
                }
                if (_ready && handshakeTimeout is not null)
                {
                    registration.Dispose();
                    handshakeTimeout.Dispose();
                    handshakeTimeout = null;
                }
            }
        }
        catch (ZmtpProtocolException ex)
        {
            reason = ex.Message;
            _failureKind = "protocol";
        }
        catch (MechanismException ex)
        {
            reason = ex.Message;
            _failureKind = "security";
        }
        catch (IOException ex)
        {
            reason = _abortReason ?? ex.Message;
        }
        catch (SocketException ex)
        {
            reason = _abortReason ?? (ex.SocketErrorCode == SocketError.ConnectionReset ? "connection reset by the peer" : ex.Message);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            reason = _abortReason ?? "socket closed";
        }
        finally
        {
            // The loop ends with work still deferred: the pool runs it, so that no caller waits for a read that never comes.
            deferred.Queue();
            handshakeTimeout?.Dispose();
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        Close(reason);
        return _attached;
    }

    /// <summary>
    /// Closes the connection from outside (Disconnect, Dispose, a write failure). A graceful close keeps what the
    /// kernel still has to send: it only shuts the socket down, and the read loop, woken by the shutdown, releases it.
    /// </summary>
    public void Abort(string reason, bool graceful = false)
    {
        _abortReason ??= reason;
        try
        {
            if (graceful)
            {
                // The send side first: .NET closes a socket whose receive was cut short abortively (a reset that drops
                // the unsent bytes) unless its send side was shut down before; shutting the receive side wakes the
                // read loop, which then releases the socket.
                _socket.Shutdown(SocketShutdown.Send);
                _socket.Shutdown(SocketShutdown.Receive);
                return;
            }
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: closing below is enough.
        }
        _socket.Dispose();
    }

    /// <summary>
    /// Queues a whole message unless the pipe's high-water mark is reached; if no write is in progress, sends it at
    /// once, or with <paramref name="deferWrite"/> queues the write to the thread pool, so that what is sent meanwhile
    /// leaves in the same system call.
    /// </summary>
    public bool TryEnqueueMessage(ReadOnlySpan<ReadOnlyMemory<byte>> frames, int highWatermark, bool deferWrite = false)
    {
        var releaseCork = false;
        lock (_writeLock)
        {
            if (_corkOwner == Environment.CurrentManagedThreadId
                && (_pendingMessages + _flushingMessages >= highWatermark || _pending.Length >= CorkLimit))
            {
                // The reader's own handler filled the batch: write it now instead of waiting on itself.
                _corkOwner = 0;
                releaseCork = true;
            }
        }
        if (releaseCork)
        {
            Flush();
        }
        lock (_writeLock)
        {
            if (_closed || _pendingMessages + _flushingMessages >= highWatermark)
            {
                return false;
            }
            for (var i = 0; i < frames.Length; i++)
            {
                AppendFrame(i < frames.Length - 1 ? FrameFlags.More : FrameFlags.None, frames[i].Span);
            }
            _pendingMessages++;
            if (_writing)
            {
                return true;
            }
            _writing = true;
        }
        if (deferWrite)
        {
            // The global queue, not this thread's own: the work items already queued here (the continuations of the
            // replies one read brought) run first and add their messages to this batch.
            ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.Flush(), this, preferLocal: false);
            return true;
        }
        Flush();
        return true;
    }

    /// <summary>Queues a message that waited in the pipe while no connection was up (the pipe's lock is held).</summary>
    public void EnqueueBacklog(byte[][] frames)
    {
        lock (_writeLock)
        {
            for (var i = 0; i < frames.Length; i++)
            {
                AppendFrame(i < frames.Length - 1 ? FrameFlags.More : FrameFlags.None, frames[i]);
            }
            _pendingMessages++;
        }
    }

    /// <summary>Starts writing what is pending (the backlog a pipe handed over) unless a write is in progress.</summary>
    public void FlushPending()
    {
        lock (_writeLock)
        {
            if (_writing || _closed || _pending.Length == 0)
            {
                return;
            }
            _writing = true;
        }
        Flush();
    }

    /// <summary>Queues a post-handshake command (PONG, SUBSCRIBE, CANCEL), encrypted when the mechanism encrypts.</summary>
    public void EnqueueCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var body = ArrayPool<byte>.Shared.Rent(1 + name.Length + data.Length);
        try
        {
            body[0] = (byte)name.Length;
            name.CopyTo(body.AsSpan(1));
            data.CopyTo(body.AsSpan(1 + name.Length));
            EnqueueFrame(FrameFlags.Command, body.AsSpan(0, 1 + name.Length + data.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Sends a subscription change in the form the peer understands: a command to 3.1, a data frame to 3.0.</summary>
    public void EnqueueSubscription(bool subscribe, ReadOnlySpan<byte> topic)
    {
        if (PeerMinor >= 1)
        {
            EnqueueCommand(subscribe ? Command.Subscribe : Command.Cancel, topic);
            return;
        }
        var body = new byte[1 + topic.Length];
        body[0] = subscribe ? (byte)1 : (byte)0;
        topic.CopyTo(body.AsSpan(1));
        EnqueueFrame(FrameFlags.None, body);
    }

    void IFrameSink.OnFrame(FrameFlags flags, byte[] body)
    {
        if (!_ready)
        {
            if ((flags & FrameFlags.Command) == 0)
            {
                throw new ZmtpProtocolException("the peer sent a message before finishing the handshake");
            }
            try
            {
                _mechanism.OnCommand(body, _handshakeOutput);
            }
            finally
            {
                // A refusal queues its ERROR and then throws: the ERROR must still reach the peer.
                SendHandshakeOutput();
            }
            if (_mechanism.IsReady)
            {
                OnHandshakeComplete();
            }
            return;
        }
        if (_encrypt)
        {
            // libzmq and NetMQ send each MESSAGE as a data frame with no flags (MORE and COMMAND travel inside the
            // box); a MESSAGE in a command frame is taken too. Any other frame on an encrypted connection is refused.
            var isMessage = body.AsSpan().StartsWith("\x07MESSAGE"u8);
            if (!isMessage && (flags & FrameFlags.Command) != 0)
            {
                OnCommand(body);
                return;
            }
            if (!isMessage)
            {
                throw new ZmtpProtocolException("the peer sent an unencrypted frame on an encrypted connection");
            }
            if (_batch)
            {
                // A coalesced box: its plaintext is a stretch of the peer's frame stream, opened where it lies.
                var plaintextLength = _mechanism.OpenBatch(body);
                _boxDecoder!.Decode(body.AsSpan(Mechanism.BatchPrefixLength, plaintextLength), _boxFrames!);
                return;
            }
            if (body.Length < 33)
            {
                throw new ZmtpProtocolException($"a MESSAGE command of {body.Length} bytes is too short to hold a frame");
            }
            var plain = new byte[body.Length - 33];
            var length = _mechanism.DecryptFrame(body, plain, out var inner);
            if (length != plain.Length)
            {
                plain = plain.AsSpan(0, length).ToArray();
            }
            var innerFlags = ((inner & 0x01) != 0 ? FrameFlags.More : FrameFlags.None) | ((inner & 0x02) != 0 ? FrameFlags.Command : FrameFlags.None);
            OnFrame(innerFlags, plain);
            return;
        }
        OnFrame(flags, body);
    }

    private void OnFrame(FrameFlags flags, byte[] body)
    {
        if ((flags & FrameFlags.Command) != 0)
        {
            OnCommand(body);
            return;
        }
        var pipe = _pipe!;
        if (_incoming is null)
        {
            _incoming = new List<byte[]>(4);
            if (pipe.RoutingId is { } id && _owner.Behavior.PrefixesRoutingId)
            {
                _incoming.Add(id);
            }
        }
        _incoming.Add(body);
        if ((flags & FrameFlags.More) != 0)
        {
            return;
        }
        var message = _owner.Behavior.OnReceived(pipe, new ZmtpMessage(_incoming));
        _incoming = null;
        if (message is null)
        {
            return;
        }
        if (_stalled is { Count: > 0 } || !_owner.TryDeliver(message))
        {
            // The receive queue is full: keep the order, and stop reading until it drains.
            (_stalled ??= new Queue<ZmtpMessage>()).Enqueue(message);
        }
    }

    private void OnCommand(byte[] body)
    {
        var name = Command.Name(body);
        if (name.SequenceEqual(Command.Ping))
        {
            // PING: ttl(2) context(0-16); the PONG echoes the context.
            var data = Command.Data(body);
            var context = data.Length > 2 ? data[2..] : default;
            // A peer that pings but never reads must not grow our write queue: past a backlog, PONGs are skipped
            // (any traffic the peer finally reads proves life just as well).
            if (PendingBytes < MaxPongBacklog)
            {
                EnqueueCommand(Command.Pong, context.Length > 16 ? context[..16] : context);
            }
        }
        else if (name.SequenceEqual(Command.Subscribe))
        {
            _owner.Behavior.OnSubscription(_pipe!, true, Command.Data(body));
        }
        else if (name.SequenceEqual(Command.Cancel))
        {
            _owner.Behavior.OnSubscription(_pipe!, false, Command.Data(body));
        }
        else if (name.SequenceEqual(Command.Error))
        {
            var data = Command.Data(body);
            var reason = data.Length >= 1 && data.Length >= 1 + data[0] ? Encoding.ASCII.GetString(data.Slice(1, data[0])) : "(no reason)";
            throw new ZmtpProtocolException($"the peer sent ERROR: {reason}");
        }
        // PONG and unknown commands are dropped, as libzmq does: any traffic is a sign of life.
    }

    private void OnHandshakeComplete()
    {
        var properties = _mechanism.PeerProperties;
        if (!properties.TryGetValue(NullMechanism.SocketTypeProperty, out var typeBytes))
        {
            throw new ZmtpProtocolException("the peer's READY has no Socket-Type");
        }
        var peerType = Encoding.ASCII.GetString(typeBytes);
        if (!_owner.Behavior.IsCompatible(peerType))
        {
            throw new ZmtpProtocolException($"a {Printable(peerType)} peer cannot talk to a {_owner.Behavior.WireName} socket");
        }
        properties.TryGetValue(NullMechanism.IdentityProperty, out var identity);
        lock (_writeLock)
        {
            // From here on, frames are wrapped (CURVE); the handshake commands above went out as they were.
            _encrypt = _mechanism.EncryptsFrames;
            _batch = _encrypt && _mechanism.BatchesFrames;
        }
        if (_batch)
        {
            // Boxes have a fixed size limit; the frames inside them are held to the socket's own.
            _boxDecoder = new FrameDecoder(_owner.Options.MaxMessageSize);
            _boxFrames = new BoxFrames(this);
            _decoder.SetMaxFrameSize(Mechanism.BatchPrefixLength + BoxPlaintextLimit);
        }
        _ready = true;
        if (_owner.IsClosing)
        {
            throw new IOException("socket closed");
        }
        _pipe ??= new Pipe(false, Endpoint, _owner.Options.SendHighWatermark);
        if (!_owner.AttachPipe(_pipe, this, identity))
        {
            throw new ZmtpProtocolException("the peer's Identity is already connected to this ROUTER");
        }
        _attached = true;
        _countedOpen = ZmtpMetrics.Opened();
        Log.Connected(_owner.Logger, Remote, Endpoint, peerType, PeerMinor);
        _owner.Raise(new ZmtpConnectionEvent(ZmtpConnectionEventKind.Connected, Endpoint, Remote, null));
    }

    // While a read is being decoded, this connection's reader is its writer: replies sent from the receive handler
    // (and anything other threads send meanwhile) join one batch, written with one call once the read is handled.
    private bool Cork()
    {
        lock (_writeLock)
        {
            if (_writing || _closed)
            {
                return false;
            }
            _writing = true;
            _corkOwner = Environment.CurrentManagedThreadId;
            return true;
        }
    }

    private void Uncork(bool corked)
    {
        if (!corked)
        {
            return;
        }
        bool stillCorked;
        lock (_writeLock)
        {
            stillCorked = _corkOwner != 0;
            _corkOwner = 0;
        }
        if (stillCorked)
        {
            Flush();
        }
    }

    private void Decode(ReadOnlySpan<byte> input)
    {
        if (!input.IsEmpty)
        {
            _decoder.Decode(input, this);
        }
    }

    // A wait that is not a read (room in the receive queue) must not hold the deferred work: the pool runs it.
    private static DeferredWork QueueDeferred(DeferredWork deferred)
    {
        deferred.Queue();
        return default;
    }

    private async ValueTask DeliverStalledAsync()
    {
        while (_stalled!.TryDequeue(out var message))
        {
            await _owner.DeliverAsync(message).ConfigureAwait(false);
        }
        _stalled = null;
    }

    private void SendHandshakeOutput()
    {
        foreach (var command in _handshakeOutput)
        {
            EnqueueFrame(FrameFlags.Command, command);
        }
        _handshakeOutput.Clear();
    }

    private void AbortHandshake()
    {
        if (!_ready)
        {
            _failureKind = "timeout";
            Abort($"handshake not finished within {_owner.Options.HandshakeInterval.TotalSeconds:0.###} s");
        }
    }

    private void Close(string reason)
    {
        lock (_writeLock)
        {
            _closed = true;
            _pending.Reset(release: true);
            if (!_writing)
            {
                _flushing.Reset(release: true);
            }
        }
        var pipe = _attached ? _pipe : null;
        // A failed handshake is counted before the socket closes: its peer sees the close only afterwards, so an owner
        // closed right after that peer saw it (a test, a short-lived tool) cannot take the failure for its own abort.
        if (pipe is null && !_owner.IsClosing)
        {
            Log.HandshakeFailed(_owner.Logger, Remote, Endpoint, reason);
            ZmtpMetrics.HandshakeFailed(_failureKind);
        }
        _socket.Dispose();
        _mechanism.Dispose();
        if (pipe is not null)
        {
            _owner.DetachPipe(pipe, this);
            if (_countedOpen)
            {
                ZmtpMetrics.Closed();
            }
            Log.Disconnected(_owner.Logger, Remote, Endpoint, reason);
            _owner.Raise(new ZmtpConnectionEvent(ZmtpConnectionEventKind.Disconnected, Endpoint, Remote, reason));
        }
        else
        {
            _owner.Raise(new ZmtpConnectionEvent(ZmtpConnectionEventKind.HandshakeFailed, Endpoint, Remote, reason));
        }
        _owner.Untrack(this);
    }

    private void EnqueueRaw(byte[] bytes)
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return;
            }
            _pending.Write(bytes);
            if (_writing)
            {
                return;
            }
            _writing = true;
        }
        Flush();
    }

    private void EnqueueFrame(FrameFlags flags, ReadOnlySpan<byte> body)
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return;
            }
            AppendFrame(flags, body);
            if (_writing)
            {
                return;
            }
            _writing = true;
        }
        Flush();
    }

    // Called with the write lock held, so frames keep their order and CURVE nonces stay increasing.
    private void AppendFrame(FrameFlags flags, ReadOnlySpan<byte> body)
    {
        if (_batch)
        {
            // Plain frames into the open box, sealed by the writer when the batch is flushed.
            Span<byte> header = stackalloc byte[9];
            AppendToBoxes(header[..FrameWriter.WriteHeader(header, flags, body.Length)]);
            AppendToBoxes(body);
            return;
        }
        if (_encrypt)
        {
            var inner = (byte)(((flags & FrameFlags.More) != 0 ? 0x01 : 0) | ((flags & FrameFlags.Command) != 0 ? 0x02 : 0));
            var length = _mechanism.EncryptedLength(body.Length);
            var span = _pending.GetSpan(FrameWriter.HeaderLength(length) + length);
            // As libzmq does: a plain data frame, whatever the inner flags (see OnFrame).
            var header = FrameWriter.WriteHeader(span, FrameFlags.None, length);
            var written = _mechanism.EncryptFrame(inner, body, span[header..]);
            _pending.Advance(header + written);
            return;
        }
        var destination = _pending.GetSpan(FrameWriter.HeaderLength(body.Length) + body.Length);
        var headerLength = FrameWriter.WriteHeader(destination, flags, body.Length);
        body.CopyTo(destination[headerLength..]);
        _pending.Advance(headerLength + body.Length);
    }

    // Called with the write lock held.
    private void AppendToBoxes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var used = _openBox < 0 ? BoxPlaintextLimit : _pending.Length - _openBox - BoxHeaderLength - Mechanism.BatchPrefixLength;
            if (used == BoxPlaintextLimit)
            {
                CloseBox();
                // Room for the frame header and the MESSAGE prefix, filled in when the box is closed and sealed.
                _openBox = _pending.Length;
                _pending.GetSpan(BoxHeaderLength + Mechanism.BatchPrefixLength);
                _pending.Advance(BoxHeaderLength + Mechanism.BatchPrefixLength);
                if (_firstBox < 0)
                {
                    _firstBox = _openBox;
                }
                used = 0;
            }
            var take = Math.Min(BoxPlaintextLimit - used, bytes.Length);
            _pending.Write(bytes[..take]);
            bytes = bytes[take..];
        }
    }

    // Called with the write lock held: the open box gets its frame header (a data frame, as MESSAGEs travel).
    private void CloseBox()
    {
        if (_openBox >= 0)
        {
            var box = _pending.WrittenSpan[_openBox..];
            FrameWriter.WriteLongHeader(box, FrameFlags.None, box.Length - BoxHeaderLength);
            _openBox = -1;
        }
    }

    // Only the writer calls this, on the batch it owns, so boxes take their nonces in the order they are sent.
    private void SealBoxes(Span<byte> batch, int firstBox)
    {
        var at = firstBox;
        while (at < batch.Length)
        {
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(batch[(at + 1)..]);
            _mechanism.SealBatch(batch.Slice(at + BoxHeaderLength, length));
            at += BoxHeaderLength + length;
        }
    }

    // The writer's loop: send the batch, then whatever joined it meanwhile, until nothing is left.
    private void Flush()
    {
        while (true)
        {
            ReadOnlyMemory<byte> data;
            int firstBox;
            lock (_writeLock)
            {
                if (_closed || _pending.Length == 0)
                {
                    _writing = false;
                    return;
                }
                CloseBox();
                firstBox = _firstBox;
                _firstBox = -1;
                (_pending, _flushing) = (_flushing, _pending);
                _flushingMessages = _pendingMessages;
                _pendingMessages = 0;
                data = _flushing.Written;
            }
            if (firstBox >= 0)
            {
                SealBoxes(_flushing.WrittenSpan, firstBox);
            }
            ValueTask<int> send;
            try
            {
                send = _socket.SendAsync(data, SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                WriteFailed(ex);
                return;
            }
            if (!send.IsCompletedSuccessfully)
            {
                _ = FlushSlowAsync(send, data, 0);
                return;
            }
            var sent = send.Result;
            if (sent < data.Length)
            {
                _ = FlushSlowAsync(new ValueTask<int>(0), data, sent);
                return;
            }
            ZmtpMetrics.Sent(sent);
            FlushDone();
        }
    }

    private async Task FlushSlowAsync(ValueTask<int> send, ReadOnlyMemory<byte> data, int sent)
    {
        try
        {
            sent += await send.ConfigureAwait(false);
            while (sent < data.Length)
            {
                sent += await _socket.SendAsync(data[sent..], SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            WriteFailed(ex);
            return;
        }
        ZmtpMetrics.Sent(data.Length);
        FlushDone();
        Flush();
    }

    private void FlushDone()
    {
        lock (_writeLock)
        {
            // The array goes back to the pool after each batch: an idle connection then holds no write buffer.
            _flushing.Reset(release: true);
            _flushingMessages = 0;
        }
        _owner.SignalSpace();
    }

    private void WriteFailed(Exception ex)
    {
        lock (_writeLock)
        {
            _writing = false;
            _flushingMessages = 0;
        }
        Abort(ex is SocketException socketError ? $"write failed: {socketError.SocketErrorCode}" : "socket closed");
        _owner.SignalSpace();
    }

    // The frames inside coalesced boxes join the connection's stream like any others.
    private sealed class BoxFrames(Connection connection) : IFrameSink
    {
        public void OnFrame(FrameFlags flags, byte[] body) => connection.OnFrame(flags, body);
    }

    private static string DescribeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() switch
            {
                null or "" => socket.AddressFamily == AddressFamily.Unix ? "ipc peer" : "unknown peer",
                var text => text,
            };
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return "unknown peer";
        }
    }

    private static string Printable(string text) =>
        text.Length == 0 ? "(empty)" : new string([.. text.Select(c => c is >= ' ' and < '\x7f' ? c : '?')]);
}
