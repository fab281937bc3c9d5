using Zask.Events;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Carries an app's events between services over ZeroRPC pub/sub, the zerorpc way (the event's name is the method
/// name, its payload the arguments): outgoing, every event published on the app's bus goes out on a PUB socket;
/// incoming, every event a SUB socket receives is handed to the app's handlers (and not sent out again).
/// </summary>
public sealed class EventRelay : IAsyncDisposable
{
    private readonly IDisposable? _forwarding;
    private readonly ZeroRpcPublisher? _publisher;
    private readonly ZeroRpcSubscriber? _subscriber;

    private EventRelay(string endpoint, IDisposable? forwarding, ZeroRpcPublisher? publisher, ZeroRpcSubscriber? subscriber)
    {
        Endpoint = endpoint;
        _forwarding = forwarding;
        _publisher = publisher;
        _subscriber = subscriber;
    }

    /// <summary>The endpoint bound (publishing) or connected to (subscribing).</summary>
    public string Endpoint { get; }

    internal static EventRelay Publish(EventBus bus, string endpoint, ZeroRpcClientOptions options)
    {
        options.Context = new ZeroRpcContext();
        var publisher = new ZeroRpcPublisher(options);
        try
        {
            var bound = publisher.Bind(endpoint);
            var forwarding = bus.Forward((name, payload, _) =>
            {
                publisher.Publish(name, [.. payload]);
                return Task.CompletedTask;
            });
            return new EventRelay(bound, forwarding, publisher, null);
        }
        catch
        {
            publisher.Dispose();
            throw;
        }
    }

    internal static EventRelay Subscribe(EventBus bus, string endpoint, ZeroRpcServerOptions options)
    {
        options.Context = new ZeroRpcContext();
        var subscriber = new ZeroRpcSubscriber((name, payload) =>
        {
            bus.PublishLocal(name, [.. payload]);
            return default;
        }, options);
        try
        {
            subscriber.Connect(endpoint);
            return new EventRelay(endpoint, null, null, subscriber);
        }
        catch
        {
            subscriber.Dispose();
            throw;
        }
    }

    /// <summary>Stops relaying and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        _forwarding?.Dispose();
        _publisher?.Dispose();
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync().ConfigureAwait(false);
        }
    }
}
