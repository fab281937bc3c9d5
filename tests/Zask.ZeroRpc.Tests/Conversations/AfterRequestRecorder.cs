using System.Collections.Concurrent;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>A client middleware that records every <c>client_after_request</c> call and the error it was given.</summary>
public sealed class AfterRequestRecorder : IZeroRpcMiddleware
{
    public ConcurrentQueue<(string Method, Exception? Exception)> Calls { get; } = new();

    public void ClientAfterRequest(ClientCallContext call, Exception? exception) => Calls.Enqueue((call.Method, exception));
}
