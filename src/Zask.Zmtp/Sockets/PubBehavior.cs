using Zask.Zmtp.Internal;

namespace Zask.Zmtp.Sockets;

/// <summary>
/// PUB: filters at the publisher — a message goes to each attached peer subscribed to a prefix of its first frame,
/// and is dropped for a peer at its high-water mark. Subscriptions arrive as SUBSCRIBE/CANCEL commands (3.1) or as
/// data frames starting with 1/0 (3.0); both forms are accepted from every peer, as libzmq's XPUB does.
/// </summary>
internal sealed class PubBehavior : SocketBehavior
{
    public PubBehavior(ZmtpSocket socket)
        : base(socket)
    {
    }

    public override string WireName => "PUB";

    public override bool CanReceive => false;

    protected override string[] CompatibleTypes => ["SUB", "XSUB"];

    public override bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite)
    {
        if (frames.IsEmpty)
        {
            throw new ArgumentException("a message has at least one frame", nameof(frames));
        }
        var topic = frames[0].Span;
        foreach (var pipe in Socket.Pipes)
        {
            if (!pipe.IsAttached)
            {
                continue;
            }
            bool matches;
            lock (pipe.PeerSubscriptions)
            {
                matches = pipe.PeerSubscriptions.Matches(topic);
            }
            if (matches)
            {
                pipe.TrySend(frames, deferWrite);
            }
        }
        return true;
    }

    public override ZmtpMessage? OnReceived(Pipe pipe, ZmtpMessage message)
    {
        // ZMTP 3.0 subscriptions: one frame, 1 = subscribe, 0 = cancel, then the topic. Anything else is ignored.
        if (message.Count == 1 && message[0].Length >= 1 && message[0][0] <= 1)
        {
            OnSubscription(pipe, message[0][0] == 1, message[0].AsSpan(1));
        }
        return null;
    }

    public override void OnSubscription(Pipe pipe, bool subscribe, ReadOnlySpan<byte> topic)
    {
        lock (pipe.PeerSubscriptions)
        {
            if (subscribe)
            {
                pipe.PeerSubscriptions.Add(topic);
            }
            else
            {
                pipe.PeerSubscriptions.Remove(topic);
            }
        }
    }
}
