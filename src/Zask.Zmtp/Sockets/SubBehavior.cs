using Zask.Zmtp.Internal;

namespace Zask.Zmtp.Sockets;

/// <summary>
/// SUB: sends its subscriptions to every peer as it attaches (so a restarted publisher gets them again), each in the
/// form the peer's ZMTP version understands, and filters what arrives as libzmq does; cannot send.
/// </summary>
internal sealed class SubBehavior : SocketBehavior
{
    private readonly SubscriptionSet _subscriptions = new();

    public SubBehavior(ZmtpSocket socket)
        : base(socket)
    {
    }

    public override string WireName => "SUB";

    public override bool CanSend => false;

    protected override string[] CompatibleTypes => ["PUB", "XPUB"];

    public override bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite) =>
        throw new NotSupportedException("a SUB socket cannot send; use Subscribe and Unsubscribe");

    public void Subscribe(ReadOnlySpan<byte> prefix, bool subscribe)
    {
        lock (_subscriptions)
        {
            var changed = subscribe ? _subscriptions.Add(prefix) : _subscriptions.Remove(prefix);
            if (!changed)
            {
                return;
            }
            foreach (var pipe in Socket.Pipes)
            {
                if (pipe.SubscriptionsSent && pipe.Connection is { } connection)
                {
                    connection.EnqueueSubscription(subscribe, prefix);
                }
            }
        }
    }

    public override void OnAttached(Pipe pipe)
    {
        lock (_subscriptions)
        {
            var connection = pipe.Connection!;
            foreach (var prefix in _subscriptions.Prefixes)
            {
                connection.EnqueueSubscription(true, prefix);
            }
            pipe.SubscriptionsSent = true;
        }
    }

    public override void OnDetached(Pipe pipe)
    {
        lock (_subscriptions)
        {
            pipe.SubscriptionsSent = false;
        }
    }

    public override ZmtpMessage? OnReceived(Pipe pipe, ZmtpMessage message)
    {
        lock (_subscriptions)
        {
            return message.Count > 0 && _subscriptions.Matches(message[0]) ? message : null;
        }
    }
}
