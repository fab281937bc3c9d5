using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Hooks around each call of the app's servers (<see cref="ZeroRpcExtension.Hooks"/>) or of one service
/// (<see cref="ZeroRpcExtension.HooksFor"/>), like Flask's <c>before_request</c>, <c>after_request</c> and
/// <c>teardown_request</c>. Each kind runs in registration order, the app's before the service's; they may be added
/// while servers run.
/// </summary>
public sealed class CallHooks
{
    private CallHook[] _before = [];
    private CallHook[] _after = [];
    private CallHook[] _teardown = [];

    /// <summary>
    /// Runs before the method (after the access-key and role checks, before the arguments are read). Throw a
    /// <see cref="ZeroRpcException"/> to refuse the call with that remote error: the method does not run.
    /// </summary>
    public CallHooks BeforeCall(CallHook hook) => Add(ref _before, hook);

    /// <inheritdoc cref="BeforeCall(CallHook)"/>
    public CallHooks BeforeCall(Action<ServerCallContext, IServiceProvider> hook) => Add(ref _before, Wrap(hook));

    /// <summary>
    /// Runs once the call has an outcome: the method's result (<see cref="ServerCallContext.Result"/>; for a stream,
    /// after its last item) or its error (<see cref="ServerCallContext.Exception"/>, also a refusal's). An exception
    /// thrown here replaces a successful result with that error.
    /// </summary>
    public CallHooks AfterCall(CallHook hook) => Add(ref _after, hook);

    /// <inheritdoc cref="AfterCall(CallHook)"/>
    public CallHooks AfterCall(Action<ServerCallContext, IServiceProvider> hook) => Add(ref _after, Wrap(hook));

    /// <summary>
    /// Runs when the call is over, whatever happened: success, error, refusal, or a caller lost mid-call. Release
    /// per-call resources here; an exception thrown here is logged and the other teardown hooks still run.
    /// </summary>
    public CallHooks Teardown(CallHook hook) => Add(ref _teardown, hook);

    /// <inheritdoc cref="Teardown(CallHook)"/>
    public CallHooks Teardown(Action<ServerCallContext, IServiceProvider> hook) => Add(ref _teardown, Wrap(hook));

    internal CallHook[] Before => Volatile.Read(ref _before);

    internal CallHook[] After => Volatile.Read(ref _after);

    internal CallHook[] TeardownHooks => Volatile.Read(ref _teardown);

    private CallHooks Add(ref CallHook[] hooks, CallHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (this)
        {
            // Copy-on-write: calls in flight keep the array they started with.
            Volatile.Write(ref hooks, [.. hooks, hook]);
        }
        return this;
    }

    private static CallHook Wrap(Action<ServerCallContext, IServiceProvider> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return (call, services) =>
        {
            hook(call, services);
            return default;
        };
    }
}
