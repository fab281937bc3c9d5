namespace Zask.Events;

/// <summary>Sees each event published on the bus, with its name: to send it on to other services.</summary>
public delegate Task EventForwarder(string name, IReadOnlyList<object?> payload, CancellationToken cancellationToken);
