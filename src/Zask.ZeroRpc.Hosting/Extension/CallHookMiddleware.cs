using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Runs the app's and one service's <see cref="CallHooks"/> at the middleware points of each call. With no hook
/// registered, each point is an empty-array check.
/// </summary>
internal sealed class CallHookMiddleware(CallHooks app, CallHooks service, Func<IServiceProvider> services, ILogger logger)
    : IZeroRpcMiddleware
{
    private const string ScopeKey = "zask.call_hooks.scope";

    public async ValueTask ServerBeforeExecAsync(ServerCallContext call)
    {
        await RunAsync(app.Before, call).ConfigureAwait(false);
        await RunAsync(service.Before, call).ConfigureAwait(false);
    }

    public async ValueTask ServerAfterExecAsync(ServerCallContext call)
    {
        await RunAsync(app.After, call).ConfigureAwait(false);
        await RunAsync(service.After, call).ConfigureAwait(false);
    }

    public async ValueTask ServerInspectExceptionAsync(ServerCallContext call, Exception exception)
    {
        // After-call hooks see errors too; theirs would only hide the call's own, so they are logged.
        await RunLoggedAsync(app.After, call, "after-call").ConfigureAwait(false);
        await RunLoggedAsync(service.After, call, "after-call").ConfigureAwait(false);
    }

    public async ValueTask ServerCallEndedAsync(ServerCallContext call)
    {
        await RunLoggedAsync(app.TeardownHooks, call, "teardown").ConfigureAwait(false);
        await RunLoggedAsync(service.TeardownHooks, call, "teardown").ConfigureAwait(false);
        if (call.Items.TryGetValue(ScopeKey, out var made) && made is AsyncServiceScope scope)
        {
            call.Items.Remove(ScopeKey);
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask RunAsync(CallHook[] hooks, ServerCallContext call)
    {
        foreach (var hook in hooks)
        {
            await hook(call, ServicesOf(call)).ConfigureAwait(false);
        }
    }

    private async ValueTask RunLoggedAsync(CallHook[] hooks, ServerCallContext call, string kind)
    {
        foreach (var hook in hooks)
        {
            try
            {
                await hook(call, ServicesOf(call)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                CallHookLog.HookFailed(logger, ex, kind, call.MethodName);
            }
        }
    }

    // The call's scope: the one its scoped service was made in, else one made here for the hooks and ended with the call.
    private IServiceProvider ServicesOf(ServerCallContext call)
    {
        if (call.Services is { } existing)
        {
            return existing;
        }
        var scope = services().GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        call.Items[ScopeKey] = scope;
        call.Services = scope.ServiceProvider;
        return scope.ServiceProvider;
    }
}
