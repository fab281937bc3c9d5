using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// Hooks into calls, after zerorpc's context hooks. Implement only the members you need: every one has a default
/// that does nothing. Hooks run in registration order; an exception thrown by a server hook before the method
/// runs rejects the call with that error.
/// </summary>
public interface IZeroRpcMiddleware
{
    /// <summary>
    /// Rewrites an endpoint before a bind or connect (<c>resolve_endpoint</c>). Return <c>null</c> to leave it
    /// alone, or the endpoints it stands for (each is resolved again by the following middlewares).
    /// </summary>
    IReadOnlyList<string>? ResolveEndpoint(string endpoint, EndpointRole role) => null;

    /// <summary>Server: reads the caller's task context from the request header (<c>load_task_context</c>).</summary>
    void LoadTaskContext(ServerCallContext call) { }

    /// <summary>
    /// Adds task-context keys to the header of an outgoing request (<paramref name="call"/> is the client call)
    /// or reply (<paramref name="call"/> is <c>null</c> and <see cref="ServerCallContext.Current"/> is set).
    /// <paramref name="header"/> is lent for the duration of the hook: keep the values, not the map (a map left
    /// empty is reused for the next event).
    /// </summary>
    void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call) { }

    /// <summary>Server: runs just before the method (<c>server_before_exec</c>). Throw to refuse the call.</summary>
    ValueTask ServerBeforeExecAsync(ServerCallContext call) => default;

    /// <summary>Server: the method returned (for a stream, after its last item) (<c>server_after_exec</c>).</summary>
    void ServerAfterExec(ServerCallContext call) { }

    /// <summary>Server: the call failed; the error is about to be sent (<c>server_inspect_exception</c>).</summary>
    void ServerInspectException(ServerCallContext call, Exception exception) { }

    /// <summary>
    /// Server: the call is over, whatever its outcome, including a caller lost mid-call (when neither
    /// <see cref="ServerAfterExec"/> nor <see cref="ServerInspectException"/> runs). Release per-call resources here.
    /// </summary>
    void ServerCallEnded(ServerCallContext call) { }

    /// <summary>Client: just before the request is sent (<c>client_before_request</c>).</summary>
    void ClientBeforeRequest(ClientCallContext call) { }

    /// <summary>Client: the call ended, with the error when it failed (<c>client_after_request</c>).</summary>
    void ClientAfterRequest(ClientCallContext call, Exception? exception) { }

    /// <summary>
    /// Client: turns a remote error into another exception (<c>client_handle_remote_error</c>); return
    /// <c>null</c> to keep the <see cref="RemoteException"/>.
    /// </summary>
    Exception? ClientHandleRemoteError(ClientCallContext call, RemoteException error) => null;
}
