namespace Zask.Events;

/// <summary>
/// A handler of one event: its payload, the services of the handler's own dependency-injection scope, and a token
/// cancelled when the app shuts the bus down.
/// </summary>
public delegate Task EventHandlerFunc(IReadOnlyList<object?> payload, IServiceProvider services, CancellationToken cancellationToken);
