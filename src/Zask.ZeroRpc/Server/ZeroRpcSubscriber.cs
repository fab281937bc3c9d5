namespace Zask.ZeroRpc.Server;

/// <summary>
/// The receiving end of publish/subscribe (zerorpc's <c>Subscriber</c>): subscribed to every event, each of which
/// calls a method of the service; results are dropped and errors only logged. Usually connects to a publisher.
/// </summary>
public sealed class ZeroRpcSubscriber : OneWayReceiver
{
    /// <summary>Creates a subscriber for <paramref name="service"/>.</summary>
    public ZeroRpcSubscriber(object service, ZeroRpcServerOptions? options = null)
        : base(new ZeroRpcServer(service, options, Wire.SocketKind.Subscribe))
    {
    }
}
