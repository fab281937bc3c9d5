namespace Zask.ZeroRpc.Client;

/// <summary>Per-call settings.</summary>
/// <param name="Timeout">How long to wait for the first reply; the client's default when <c>null</c>.</param>
/// <param name="CancellationToken">Abandons the call (locally: the server learns of it by heartbeat).</param>
public readonly record struct CallOptions(TimeSpan? Timeout = null, CancellationToken CancellationToken = default);
