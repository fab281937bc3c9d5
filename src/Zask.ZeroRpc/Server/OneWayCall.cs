using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Runs one pushed or published event (push/pull, pub/sub): the method is called and its result ignored. There is
/// no channel and nobody to answer, so errors, unknown methods included, are only logged and shown to middlewares.
/// </summary>
internal sealed class OneWayCall : IThreadPoolWorkItem
{
    private readonly ZeroRpcServer _server;
    private readonly Event _event;
    private readonly ILogger _logger;

    public OneWayCall(ZeroRpcServer server, Event evt, ILogger logger)
    {
        _server = server;
        _event = evt;
        _logger = logger;
    }

    /// <summary>Runs the call on a call worker (its exceptions are all handled inside).</summary>
    public void Execute() => _ = RunAsync();

    public async Task RunAsync()
    {
        var served = _server.FindMethod(_event.Name);
        var method = served?.Method;
        var call = new ServerCallContext(_server.Instance.GetType(), _event, _server.StopCancellation) { ServiceName = _server.Name };
        ServerCallContext.Current = call;
        // While something listens: the event's Consumer span (continuing the sender's trace) and metrics.
        var telemetry = ServerTelemetry.IsObserved ? CallTelemetry.Start(_server, served, call, ActivityKind.Consumer) : default;
        string? errorType = null;
        string? errorMessage = null;
        var refused = true;
        try
        {
            _server.Context.LoadTaskContext(call);
            if (served is null || method is null)
            {
                throw new ZeroRpcException("NameError", _event.Name);
            }
            await _server.Context.ServerBeforeExecAsync(call).ConfigureAwait(false);
            var args = ArgumentBinder.Bind(method, _event.Args, call);
            refused = false;
            var returned = method.Invoke(served.Target, args);
            if (method.Kind == ReturnKind.Stream)
            {
                await foreach (var _ in method.OpenStream(returned, call.CancellationToken).ConfigureAwait(false))
                {
                    // Drained and dropped: a one-way call has nobody to stream to.
                }
            }
            else
            {
                await method.GetResultAsync(returned).ConfigureAwait(false);
            }
            await _server.Context.ServerAfterExecAsync(call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Exception = ex;
            // Nobody gets the description; only how it is logged matters (and the span's error).
            var error = ErrorReply.DescribeAndLog(ex, _event.Name, refused, includeStackTrace: false, _logger);
            errorType = error.Name;
            errorMessage = error.Message;
            try
            {
                await _server.Context.ServerInspectExceptionAsync(call, ex).ConfigureAwait(false);
            }
            catch (Exception hookError)
            {
                CallLog.ErrorHookFailed(_logger, hookError, _event.Name);
            }
        }
        finally
        {
            await EndCallAsync(call).ConfigureAwait(false);
            if (telemetry.IsObserved)
            {
                ServerTelemetry.Stop(telemetry, call.Elapsed, errorType, errorMessage, 0, isStream: false);
            }
            ServerCallContext.Current = null;
            _server.CallFinished();
        }
    }

    private async Task EndCallAsync(ServerCallContext call)
    {
        try
        {
            await _server.Context.ServerCallEndedAsync(call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CallLog.EndHookFailed(_logger, ex, call.MethodName);
        }
    }
}
