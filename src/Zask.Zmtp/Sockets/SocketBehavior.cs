namespace Zask.Zmtp.Sockets;

using Zask.Zmtp.Internal;

/// <summary>
/// What makes a socket type: which peers it accepts, how it picks the pipe for a message, what it does with what it
/// receives. The connection engine is the same for every type.
/// </summary>
internal abstract class SocketBehavior
{
    protected SocketBehavior(ZmtpSocket socket)
    {
        Socket = socket;
    }

    protected ZmtpSocket Socket { get; }

    /// <summary>The name sent as Socket-Type.</summary>
    public abstract string WireName { get; }

    /// <summary>Whether messages can be sent on this socket type.</summary>
    public virtual bool CanSend => true;

    /// <summary>Whether messages can be received on this socket type.</summary>
    public virtual bool CanReceive => true;

    /// <summary>Whether a send waits while every pipe is full (DEALER, PUSH) rather than dropping (ROUTER, PUB).</summary>
    public virtual bool BlocksWhenMute => false;

    /// <summary>Whether READY carries an Identity property (libzmq: REQ, DEALER, ROUTER).</summary>
    public virtual bool SendsIdentity => false;

    /// <summary>Whether received messages start with the routing id (ROUTER).</summary>
    public virtual bool PrefixesRoutingId => false;

    /// <summary>The peer socket types this type may talk to (exact, as libzmq compares them).</summary>
    protected abstract string[] CompatibleTypes { get; }

    public static SocketBehavior Create(ZmtpSocket socket, ZmtpSocketType type) => type switch
    {
        ZmtpSocketType.Router => new RouterBehavior(socket),
        ZmtpSocketType.Dealer => new LoadBalancingBehavior(socket, "DEALER", canReceive: true, ["DEALER", "ROUTER", "REP"]),
        ZmtpSocketType.Push => new LoadBalancingBehavior(socket, "PUSH", canReceive: false, ["PULL"]),
        ZmtpSocketType.Pull => new PullBehavior(socket),
        ZmtpSocketType.Pub => new PubBehavior(socket),
        ZmtpSocketType.Sub => new SubBehavior(socket),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown socket type"),
    };

    public bool IsCompatible(string peerType) => Array.IndexOf(CompatibleTypes, peerType) >= 0;

    /// <summary>Sends one whole message; false when no pipe could take it.</summary>
    /// <param name="frames">The message.</param>
    /// <param name="deferWrite">Leave the write to the thread pool when none is under way (see <see cref="ZmtpSocket.TrySendDeferred"/>).</param>
    public abstract bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite);

    /// <summary>A pipe finished its handshake; false refuses it (a ROUTER's duplicate identity).</summary>
    public virtual bool OnAttaching(Pipe pipe, byte[]? peerIdentity) => true;

    /// <summary>A pipe is attached and routes to its connection.</summary>
    public virtual void OnAttached(Pipe pipe)
    {
    }

    /// <summary>A pipe's connection closed.</summary>
    public virtual void OnDetached(Pipe pipe)
    {
    }

    /// <summary>A whole message arrived; returns what the user gets, or null to drop it.</summary>
    public virtual ZmtpMessage? OnReceived(Pipe pipe, ZmtpMessage message) => CanReceive ? message : null;

    /// <summary>A peer subscribed or cancelled (PUB).</summary>
    public virtual void OnSubscription(Pipe pipe, bool subscribe, ReadOnlySpan<byte> topic)
    {
    }
}
