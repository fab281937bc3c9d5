using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Serves a request whole on the I/O thread, without opening a channel for it: for a method that returns a plain
/// value (not a task or a stream) and runs inline, on a server without middlewares.
/// </summary>
/// <remarks>
/// A channel is there for what may arrive while a call runs: heartbeats, credit, the caller's loss. While this
/// call runs, the I/O thread reads nothing, and the reply is sent before it reads again, so none of that can happen:
/// the call costs no channel, no call object and no entry in the channel table, only what its context needs.
/// </remarks>
internal static class InlineCall
{
    /// <summary>Whether a call to <paramref name="served"/> can be served here now.</summary>
    public static bool CanServe(ServedMethod served, ZeroRpcContext context) =>
        served.RunsInline && served.Method.Kind is ReturnKind.Value or ReturnKind.Void && !context.HasMiddlewares;

    /// <summary>Runs the call and sends its <c>OK</c> or <c>ERR</c>. Never throws.</summary>
    public static void Serve(ZeroRpcServer server, ServedMethod served, Event request, byte[][]? envelope,
        ChannelMultiplexer multiplexer, ILogger logger)
    {
        var held = served.IsAdaptive ? HeldTime.Start() : default;
        var method = served.Method;
        var channelId = request.Header.MessageId;
        // The caller cannot be lost while the I/O thread is busy with its call: only the server's stop cancels it.
        var call = new ServerCallContext(server.Instance.GetType(), request, server.StopCancellation) { ServiceName = server.Name, Envelope = envelope };
        // As an async method does, the I/O thread gets its own context back afterwards: the call's value of
        // ServerCallContext.Current must not stay on the thread (nor cost a second write to clear it).
        var flow = ExecutionContext.Capture();
        // Arguments that do not bind are the caller's mistake, logged as a refusal; the method's errors are not.
        var refused = true;
        ServerCallContext.Current = call;
        // While something listens: the call's span (current until the flow is restored below) and metrics.
        var telemetry = ServerTelemetry.IsObserved ? CallTelemetry.Start(server, served, call) : default;
        string? errorType = null;
        string? errorMessage = null;
        try
        {
            var args = served.InlineArguments;
            object? result;
            try
            {
                ArgumentBinder.BindInto(args, method, request.Args, call);
                refused = false;
                result = method.Invoke(served.Target, args);
            }
            finally
            {
                // Nothing of this call stays reachable from the method's shared array.
                Array.Clear(args);
            }
            multiplexer.SendEvent(envelope, default, channelId, null, EventNames.Ok,
                new TypedValue(result, method.ResultType ?? typeof(object)), ReplyWriters.Wrapped);
        }
        catch (Exception ex)
        {
            call.Exception = ex;
            var error = ErrorReply.DescribeAndLog(ex, request.Name, refused, server.IncludeStackTraces, logger);
            (errorType, errorMessage) = (error.Name, error.Message);
            try
            {
                multiplexer.SendEvent(envelope, default, channelId, null, EventNames.Error, error, ReplyWriters.Error);
            }
            catch (Exception sendError)
            {
                CallLog.ErrorSendFailed(logger, sendError, request.Name);
            }
        }
        finally
        {
            if (flow is not null)
            {
                ExecutionContext.Restore(flow);
            }
            else
            {
                ServerCallContext.Current = null;
            }
            // After the restore, which put back the I/O thread's current span: the span's stop then finds itself no
            // longer current and spares a write of its parent back (an allocation per call).
            if (telemetry.IsObserved)
            {
                ServerTelemetry.Stop(telemetry, call.Elapsed, errorType, errorMessage, 0, isStream: false);
            }
            server.CallFinished();
        }
        if (served.IsAdaptive)
        {
            held.Report(served, ranInline: true, logger);
        }
    }
}
