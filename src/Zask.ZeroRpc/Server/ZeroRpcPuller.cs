namespace Zask.ZeroRpc.Server;

/// <summary>
/// The receiving end of push/pull (zerorpc's <c>Puller</c>): every event pushed to it calls a method of the
/// service; results are dropped and errors only logged. Usually binds; pushers connect.
/// </summary>
public sealed class ZeroRpcPuller : OneWayReceiver
{
    /// <summary>Creates a puller for <paramref name="service"/>.</summary>
    public ZeroRpcPuller(object service, ZeroRpcServerOptions? options = null)
        : base(new ZeroRpcServer(service, options, Wire.SocketKind.Pull))
    {
    }
}
