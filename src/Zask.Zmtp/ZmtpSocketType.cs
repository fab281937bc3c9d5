namespace Zask.Zmtp;

/// <summary>The ZeroMQ socket types this implementation provides, with libzmq's semantics.</summary>
public enum ZmtpSocketType
{
    /// <summary>Routes by peer: a received message starts with the sender's routing id; a sent one names its peer first.</summary>
    Router,

    /// <summary>Sends round-robin to its peers and receives from all of them, fair-queued.</summary>
    Dealer,

    /// <summary>Sends round-robin to its peers; does not receive.</summary>
    Push,

    /// <summary>Receives from all its peers, fair-queued; does not send.</summary>
    Pull,

    /// <summary>Sends each message to every peer subscribed to a prefix of its first frame; does not receive.</summary>
    Pub,

    /// <summary>Receives the messages matching its subscriptions; does not send.</summary>
    Sub,
}
