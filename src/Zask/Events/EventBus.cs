using System.Reflection;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zask.Events;

/// <summary>
/// The app's in-process event bus (<see cref="ZaskApp.Events"/>): <see cref="Publish"/> a named event with a payload,
/// and every handler subscribed to that name runs, each in its own dependency-injection scope.
/// </summary>
/// <remarks>
/// Events are handled one at a time, in the order they were published, by one background loop: a publisher never
/// waits for handlers (unless it awaits <see cref="PublishAsync"/>), and the handlers of one event run in the order
/// they subscribed. A handler that throws is logged with its event's name; the other handlers and the publisher carry
/// on. When the app is disposed, events already published are still handled for up to its shutdown grace period.
/// </remarks>
/// <example>
/// <code>
/// app.Events.Subscribe("user_added", (payload, services, ct) => { Console.WriteLine(payload[0]); return Task.CompletedTask; });
/// app.Events.Publish("user_added", "alice");
/// </code>
/// </example>
public sealed class EventBus : IAsyncDisposable
{
    private static readonly IReadOnlyList<Subscription> None = [];

    private readonly Func<IServiceProvider> _services;
    private readonly Func<TimeSpan> _gracePeriod;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sync = new();
    private Dictionary<string, IReadOnlyList<Subscription>> _handlers = new(StringComparer.Ordinal);
    private IReadOnlyList<Subscription> _forwarders = None;
    private Task? _pump;
    private IServiceScopeFactory? _scopes;

    /// <summary>A bus whose handlers' scopes come from <paramref name="services"/> (asked for when the first event is handled).</summary>
    /// <param name="services">The app's services, built on first use.</param>
    /// <param name="gracePeriod">How long disposal lets pending events run.</param>
    /// <param name="logger">Where failing handlers are logged.</param>
    internal EventBus(Func<IServiceProvider> services, Func<TimeSpan> gracePeriod, ILogger logger)
    {
        _services = services;
        _gracePeriod = gracePeriod;
        _logger = logger;
    }

    /// <summary>The names that have at least one handler.</summary>
    public IReadOnlyCollection<string> SubscribedNames
    {
        get
        {
            lock (_sync)
            {
                return _handlers.Keys.ToArray();
            }
        }
    }

    /// <summary>
    /// Publishes an event: it is queued and this returns at once; its handlers run on the bus's loop, after those of
    /// every event published before it. Forwarders (e.g. the app's ZeroRPC event publisher) see it too.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bus has been shut down with its app.</exception>
    public void Publish(string name, params object?[] payload) => Enqueue(name, payload, forward: true, done: null);

    /// <summary>Publishes an event like <see cref="Publish"/>; the task completes once every handler has run.</summary>
    public Task PublishAsync(string name, params object?[] payload)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(name, payload, forward: true, done);
        return done.Task;
    }

    /// <summary>
    /// Hands an event to this app's handlers only, not to forwarders: for events received from another service, which
    /// must not be published back out.
    /// </summary>
    public void PublishLocal(string name, params object?[] payload) => Enqueue(name, payload, forward: false, done: null);

    /// <summary>Subscribes <paramref name="handler"/> to the event <paramref name="name"/>; dispose the result to unsubscribe.</summary>
    public IDisposable Subscribe(string name, EventHandlerFunc handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(name, DescribeDelegate(handler), handler, null));
    }

    /// <summary>Subscribes a synchronous handler that needs only the payload.</summary>
    public IDisposable Subscribe(string name, Action<IReadOnlyList<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(name, (payload, _, _) =>
        {
            handler(payload);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Subscribes every method of <typeparamref name="THandler"/> marked <see cref="OnEventAttribute"/>. For each
    /// event the class is created in the handler's scope (from the container when registered there, else with its
    /// constructor's services).
    /// </summary>
    /// <exception cref="ArgumentException">The class has no <see cref="OnEventAttribute"/> method.</exception>
    public IDisposable Subscribe<THandler>() where THandler : class
    {
        var subscriptions = new List<IDisposable>();
        foreach (var method in typeof(THandler).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            foreach (var attribute in method.GetCustomAttributes<OnEventAttribute>())
            {
                var invoker = new HandlerMethod(typeof(THandler), method);
                subscriptions.Add(Add(new Subscription(attribute.Name, $"{typeof(THandler).Name}.{method.Name}", invoker.InvokeAsync, null)));
            }
        }
        if (subscriptions.Count == 0)
        {
            throw new ArgumentException($"{typeof(THandler).Name} has no public method marked [OnEvent(\"name\")]", nameof(THandler));
        }
        return new Unsubscriber(() => subscriptions.ForEach(s => s.Dispose()));
    }

    /// <summary>
    /// Adds a forwarder: it sees every event published with <see cref="Publish"/> or <see cref="PublishAsync"/> (not
    /// <see cref="PublishLocal"/>), in order, after its handlers. Used to publish events to other services.
    /// </summary>
    public IDisposable Forward(EventForwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        var subscription = new Subscription("*", DescribeDelegate(forwarder), null, forwarder);
        lock (_sync)
        {
            _forwarders = [.. _forwarders, subscription];
        }
        return new Unsubscriber(() =>
        {
            lock (_sync)
            {
                _forwarders = _forwarders.Where(f => f != subscription).ToArray();
            }
        });
    }

    /// <summary>Stops taking events, lets those queued run for up to the grace period, then cancels the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? pump;
        lock (_sync)
        {
            pump = _pump;
        }
        if (pump is not null)
        {
            try
            {
                await pump.WaitAsync(_gracePeriod()).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                EventLog.Abandoned(_logger, _queue.Reader.Count + 1);
                await _stopping.CancelAsync().ConfigureAwait(false);
            }
        }
        _stopping.Dispose();
    }

    private void Enqueue(string name, object?[]? payload, bool forward, TaskCompletionSource? done)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_queue.Writer.TryWrite(new Pending(name, payload ?? [null], forward, done)))
        {
            throw new InvalidOperationException($"The event bus has shut down with its app; event '{name}' was not published.");
        }
        lock (_sync)
        {
            _pump ??= Task.Run(PumpAsync);
        }
    }

    private IDisposable Add(Subscription subscription)
    {
        lock (_sync)
        {
            // Copy-on-write: the loop reads the lists without a lock.
            var handlers = new Dictionary<string, IReadOnlyList<Subscription>>(_handlers, StringComparer.Ordinal);
            handlers[subscription.Name] = [.. handlers.GetValueOrDefault(subscription.Name, None), subscription];
            _handlers = handlers;
        }
        return new Unsubscriber(() =>
        {
            lock (_sync)
            {
                var handlers = new Dictionary<string, IReadOnlyList<Subscription>>(_handlers, StringComparer.Ordinal);
                var remaining = handlers.GetValueOrDefault(subscription.Name, None).Where(s => s != subscription).ToArray();
                if (remaining.Length == 0)
                {
                    handlers.Remove(subscription.Name);
                }
                else
                {
                    handlers[subscription.Name] = remaining;
                }
                _handlers = handlers;
            }
        });
    }

    private async Task PumpAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var pending))
            {
                var handlers = Volatile.Read(ref _handlers).GetValueOrDefault(pending.Name, None);
                var forwarders = pending.Forward ? Volatile.Read(ref _forwarders) : None;
                if (handlers.Count + forwarders.Count > 0)
                {
                    foreach (var handler in handlers)
                    {
                        await RunAsync(handler, pending).ConfigureAwait(false);
                    }
                    foreach (var forwarder in forwarders)
                    {
                        await RunAsync(forwarder, pending).ConfigureAwait(false);
                    }
                }
                pending.Done?.TrySetResult();
            }
        }
    }

    private async Task RunAsync(Subscription subscription, Pending pending)
    {
        try
        {
            if (subscription.Forwarder is { } forwarder)
            {
                await forwarder(pending.Name, pending.Payload, _stopping.Token).ConfigureAwait(false);
                return;
            }
            // Asked for here, inside the try: an app that cannot build fails each handler, not the loop.
            var scopes = _scopes ??= _services().GetRequiredService<IServiceScopeFactory>();
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await subscription.Handler!(pending.Payload, scope.ServiceProvider, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            if (subscription.Forwarder is not null)
            {
                EventLog.ForwardFailed(_logger, ex, pending.Name);
            }
            else
            {
                EventLog.HandlerFailed(_logger, ex, subscription.Description, pending.Name);
            }
        }
    }

    private static string DescribeDelegate(Delegate handler) =>
        $"{handler.Method.DeclaringType?.Name ?? "?"}.{handler.Method.Name}";

    private readonly record struct Pending(string Name, object?[] Payload, bool Forward, TaskCompletionSource? Done);

    private sealed record Subscription(string Name, string Description, EventHandlerFunc? Handler, EventForwarder? Forwarder);

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
