using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// The sending end of push/pull (zerorpc's <c>Pusher</c>): each push calls a method on one puller, round-robin
/// across the connected pullers, with no reply.
/// </summary>
public sealed class ZeroRpcPusher : OneWaySender
{
    /// <summary>Creates a pusher.</summary>
    public ZeroRpcPusher(ZeroRpcClientOptions? options = null) : base(SocketKind.Push, options)
    {
    }

    /// <summary>Pushes a call of <paramref name="method"/> with the given arguments.</summary>
    public void Push(string method, params object?[] args) => Send(method, args);
}
