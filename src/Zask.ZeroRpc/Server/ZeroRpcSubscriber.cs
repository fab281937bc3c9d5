using System.Reflection;
using Zask.ZeroRpc.Middleware;

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

    /// <summary>
    /// Creates a subscriber that hands every event, whatever its name, to <paramref name="onEvent"/> with its
    /// arguments decoded (strings, integers, floats, lists, maps...): for relaying events of names not known in advance.
    /// </summary>
    public ZeroRpcSubscriber(Func<string, IReadOnlyList<object?>, ValueTask> onEvent, ZeroRpcServerOptions? options = null)
        : this(new Sink(onEvent ?? throw new ArgumentNullException(nameof(onEvent))), options)
    {
        Server.ServeOtherNamesWith(typeof(Sink).GetMethod(nameof(Sink.Receive), BindingFlags.Public | BindingFlags.Instance)!);
    }

    /// <summary>Hidden from the listings (nothing of it is exposed); its one method is the catch-all.</summary>
    private sealed class Sink(Func<string, IReadOnlyList<object?>, ValueTask> onEvent)
    {
        [ZeroRpcIgnore]
        public ValueTask Receive(object?[] arguments, ServerCallContext call) => onEvent(call.MethodName, arguments);
    }
}
