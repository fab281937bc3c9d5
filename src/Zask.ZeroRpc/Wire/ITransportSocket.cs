namespace Zask.ZeroRpc.Wire;

/// <summary>
/// The one seam between Zask and its ZeroMQ implementation: a socket that binds, connects, sends framed events
/// from any thread, and hands every received message to one callback on its I/O thread.
/// </summary>
internal interface ITransportSocket : IDisposable
{
    /// <summary>The socket type.</summary>
    SocketKind Kind { get; }

    /// <summary>Binds and returns the endpoint actually bound (a <c>*</c> port resolved).</summary>
    string Bind(string endpoint);

    /// <summary>Connects to an endpoint (asynchronous in ZeroMQ: no peer needs to be there yet).</summary>
    void Connect(string endpoint);

    /// <summary>Drops a connection made with <see cref="Connect"/>.</summary>
    void Disconnect(string endpoint);

    /// <summary>
    /// Sends a message and releases its buffer. Thread-safe: sent at once when the socket is free, otherwise queued for
    /// the I/O thread.
    /// </summary>
    void Send(OutgoingMessage message);

    /// <summary>
    /// Runs <paramref name="tick"/> on the I/O thread every <paramref name="interval"/>. That thread runs no slow user
    /// code (only methods proven quick, see <c>CallDispatch</c>), so heartbeats keep their pace even when the thread
    /// pool is saturated by slow calls.
    /// </summary>
    void AddTimer(TimeSpan interval, Action tick);

    /// <summary>
    /// Raised on the shared monitor thread when a connection this socket made to a peer closes (the peer died,
    /// restarted or the network dropped it). Only sockets created with connection monitoring raise it.
    /// </summary>
    event Action? PeerDisconnected;

    /// <summary>Raised on the shared monitor thread when a connection this socket made to a peer is established.</summary>
    event Action? PeerConnected;

    /// <summary>Runs an action on the I/O thread and waits for it (for setup, not for the hot path).</summary>
    void Invoke(Action action);

    /// <summary>
    /// Closes the socket once what was sent has been written, or after <paramref name="linger"/> (the rest is dropped);
    /// <see cref="IDisposable.Dispose"/> drops it at once. Blocks while it waits. A socket that queues nothing (a
    /// test's) just disposes.
    /// </summary>
    void Close(TimeSpan linger) => Dispose();
}
