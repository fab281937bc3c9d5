using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// The middlewares one server or client runs. Each server and client has its own context (never a process-wide
/// one), so the state of one service's middlewares cannot leak into another's.
/// </summary>
public sealed class ZeroRpcContext
{
    private IZeroRpcMiddleware[] _middlewares = [];

    [ThreadStatic]
    private static Dictionary<string, object?>? t_emptyHeader;

    /// <summary>Creates a context with the given middlewares.</summary>
    public ZeroRpcContext(params IEnumerable<IZeroRpcMiddleware> middlewares)
    {
        foreach (var middleware in middlewares)
        {
            RegisterMiddleware(middleware);
        }
    }

    /// <summary>The middlewares in the order their hooks run.</summary>
    public IReadOnlyList<IZeroRpcMiddleware> Middlewares => _middlewares;

    /// <summary><c>true</c> when there is at least one middleware (lets the hot path skip all hook work).</summary>
    public bool HasMiddlewares => _middlewares.Length > 0;

    /// <summary>Adds a middleware; its hooks run after those registered before it.</summary>
    public void RegisterMiddleware(IZeroRpcMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        // Copy-on-write: calls in flight keep iterating the array they started with.
        _middlewares = [.. _middlewares, middleware];
    }

    /// <summary>Resolves an endpoint through every middleware, expanding lists.</summary>
    public IReadOnlyList<string> ResolveEndpoint(string endpoint, EndpointRole role)
    {
        IReadOnlyList<string> current = [endpoint];
        foreach (var middleware in _middlewares)
        {
            var next = new List<string>();
            foreach (var item in current)
            {
                next.AddRange(middleware.ResolveEndpoint(item, role) ?? [item]);
            }
            current = next;
        }
        return current;
    }

    internal Dictionary<string, object?>? BuildTaskContext(ClientCallContext? call)
    {
        if (_middlewares.Length == 0)
        {
            return null;
        }
        // Most hooks add nothing to most events: an empty map goes back to this thread for the next event, and only
        // one that was filled is handed over (and replaced).
        var header = t_emptyHeader ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        t_emptyHeader = null;
        foreach (var middleware in _middlewares)
        {
            middleware.AddTaskContext(header, call);
        }
        if (header.Count > 0)
        {
            return header;
        }
        t_emptyHeader = header;
        return null;
    }

    internal void LoadTaskContext(ServerCallContext call)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.LoadTaskContext(call);
        }
    }

    internal async ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        foreach (var middleware in _middlewares)
        {
            await middleware.ServerBeforeExecAsync(call).ConfigureAwait(false);
        }
    }

    internal void ServerAfterExec(ServerCallContext call)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.ServerAfterExec(call);
        }
    }

    internal void ServerInspectException(ServerCallContext call, Exception exception)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.ServerInspectException(call, exception);
        }
    }

    internal void ServerCallEnded(ServerCallContext call)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.ServerCallEnded(call);
        }
    }

    internal void ClientBeforeRequest(ClientCallContext call)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.ClientBeforeRequest(call);
        }
    }

    internal void ClientAfterRequest(ClientCallContext call, Exception? exception)
    {
        foreach (var middleware in _middlewares)
        {
            middleware.ClientAfterRequest(call, exception);
        }
    }

    internal Exception ClientHandleRemoteError(ClientCallContext call, RemoteException error)
    {
        Exception result = error;
        foreach (var middleware in _middlewares)
        {
            result = middleware.ClientHandleRemoteError(call, error) ?? result;
        }
        return result;
    }
}
