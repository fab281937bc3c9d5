using Zask.ZeroRpc.Middleware;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The cancellation of calls that only the server's stop can cancel: one-way calls (no caller to lose) and calls
/// served whole on the I/O thread (their caller cannot be declared lost while they run). One per server.
/// </summary>
internal sealed class ServerStopCancellation(CancellationToken stopping) : ICallCancellation
{
    public CancellationToken Token => stopping;

    public bool IsCancelled => stopping.IsCancellationRequested;
}
