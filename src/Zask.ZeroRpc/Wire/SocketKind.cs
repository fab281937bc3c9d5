namespace Zask.ZeroRpc.Wire;

/// <summary>The ZeroMQ socket types that zerorpc's patterns use.</summary>
internal enum SocketKind
{
    /// <summary>A server's socket (old name XREP): many clients, replies routed back by identity.</summary>
    Router,

    /// <summary>A client's socket (old name XREQ).</summary>
    Dealer,

    /// <summary>The sending end of push/pull.</summary>
    Push,

    /// <summary>The receiving end of push/pull.</summary>
    Pull,

    /// <summary>The sending end of publish/subscribe.</summary>
    Publish,

    /// <summary>The receiving end of publish/subscribe (subscribed to everything).</summary>
    Subscribe,
}
