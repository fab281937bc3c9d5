using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// The sending end of publish/subscribe (zerorpc's <c>Publisher</c>): each event calls a method on every connected
/// subscriber, with no reply. Subscribers that connect late miss what was published before.
/// </summary>
public sealed class ZeroRpcPublisher : OneWaySender
{
    /// <summary>Creates a publisher.</summary>
    public ZeroRpcPublisher(ZeroRpcClientOptions? options = null) : base(SocketKind.Publish, options)
    {
    }

    /// <summary>Publishes a call of <paramref name="method"/> with the given arguments to every subscriber.</summary>
    public void Publish(string method, params object?[] args) => Send(method, args);
}
