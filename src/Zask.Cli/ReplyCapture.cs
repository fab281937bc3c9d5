using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;

namespace Zask.Cli;

/// <summary>
/// Keeps the context of the call in progress so that the command can look at its first reply: the client's
/// public API does not say whether an answer was a plain reply (OK) or a stream (STREAM).
/// </summary>
internal sealed class ReplyCapture : IZeroRpcMiddleware
{
    private ClientCallContext? _call;

    /// <summary>The last call started through the client.</summary>
    public ClientCallContext? Call => Volatile.Read(ref _call);

    public void ClientBeforeRequest(ClientCallContext call) => Volatile.Write(ref _call, call);
}
