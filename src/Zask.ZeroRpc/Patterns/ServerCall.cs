using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Patterns;

/// <summary>
/// Serves one request on its channel: request/reply (<c>OK</c> or <c>ERR</c>) or request/stream (<c>STREAM</c>*
/// then <c>STREAM_DONE</c> or <c>ERR</c>), honouring the caller's credit and running the middleware hooks.
/// </summary>
internal sealed class ServerCall : IThreadPoolWorkItem
{
    private readonly ZeroRpcServer _server;
    private readonly ServerChannel _channel;
    private readonly ServedMethod? _served;
    private readonly ILogger _logger;
    private bool _inline;

    public ServerCall(ZeroRpcServer server, ServerChannel channel, ServedMethod? served, ILogger logger)
    {
        _server = server;
        _channel = channel;
        _served = served;
        _logger = logger;
    }

    /// <summary>Runs the call on a call worker (its exceptions are all handled inside).</summary>
    public void Execute() => RunMeasured();

    /// <summary>Runs the call on the calling thread (the I/O thread) until its first incomplete await.</summary>
    public void RunInline()
    {
        _inline = true;
        RunMeasured();
    }

    /// <summary>
    /// Runs the call until it completes or first waits, and tells the dispatch policy how long that held the thread:
    /// hooks, binding, the method, encoding and sending the reply, logging, all of it.
    /// </summary>
    private void RunMeasured()
    {
        if (_served is not { IsAdaptive: true })
        {
            // Pinned (or unknown): nothing decides on the figure, so it is not taken.
            _ = RunAsync();
            return;
        }
        var held = HeldTime.Start();
        _ = RunAsync();
        held.Report(_served, _inline, _logger);
    }

    private async Task RunAsync()
    {
        var request = _channel.Request;
        var method = _served?.Method;
        // The token is made only if someone asks for it: the method's parameter, a stream, a middleware.
        var call = new ServerCallContext(_server, request, _channel) { Method = method };
        ServerCallContext.Current = call;
        var context = _server.Context;
        try
        {
            context.LoadTaskContext(call);
            if (method is null)
            {
                // zerorpc-python's answer to an unknown method.
                throw new ZeroRpcException("NameError", request.Name);
            }
            if (context.HasMiddlewares)
            {
                // Before the arguments are even read: a refused caller learns nothing about the method.
                await context.ServerBeforeExecAsync(call).ConfigureAwait(false);
            }
            var args = ArgumentBinder.Bind(method, request.Args, call);
            var returned = method.Invoke(_served!.Target, args);
            if (method.Kind == ReturnKind.Stream)
            {
                await StreamAsync(call, method, returned).ConfigureAwait(false);
            }
            else
            {
                var result = await method.GetResultAsync(returned).ConfigureAwait(false);
                context.ServerAfterExec(call);
                _channel.BeginFinalEvent();
                await _channel.SendRpcAsync(EventNames.Ok, new TypedValue(result, method.ResultType ?? typeof(object)),
                    ReplyWriters.Wrapped, ReplyContext(call), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (_channel.IsClosed)
        {
            // The caller was lost (or the server stopped for good): there is nobody to answer.
            _logger.LogDebug(ex, "{Method} ended after its channel closed", request.Name);
        }
        catch (Exception ex)
        {
            await SendErrorAsync(call, ex).ConfigureAwait(false);
        }
        finally
        {
            EndCall(call);
            // No need to reset ServerCallContext.Current: the value lives in this async flow only, which ends here
            // (the pool restores the default context after the work item), and each write costs an allocation.
            // Before the close, which would otherwise read as a lost caller to a token made afterwards.
            _channel.EndCancellation();
            _channel.Close();
            _server.CallFinished();
        }
    }

    private async Task StreamAsync(ServerCallContext call, MethodDescriptor method, object? returned)
    {
        var itemType = method.ResultType ?? typeof(object);
        var replyContext = ReplyContext(call);
        await foreach (var item in method.OpenStream(returned, call.CancellationToken).ConfigureAwait(false))
        {
            // Waits for the caller's _zpc_more when its credit is spent; a lost caller ends the wait.
            await _channel.SendRpcAsync(EventNames.Stream, new TypedValue(item, itemType), ReplyWriters.Bare,
                replyContext, call.CancellationToken).ConfigureAwait(false);
        }
        _server.Context.ServerAfterExec(call);
        _channel.BeginFinalEvent();
        await _channel.SendRpcAsync(EventNames.StreamDone, 0, ReplyWriters.Nil, replyContext, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SendErrorAsync(ServerCallContext call, Exception exception)
    {
        call.Exception = exception;
        try
        {
            _server.Context.ServerInspectException(call, exception);
        }
        catch (Exception hookError)
        {
            _logger.LogError(hookError, "A middleware failed while inspecting the error of {Method}", call.MethodName);
        }
        var error = DescribeAndLog(exception, call.MethodName, _logger);
        try
        {
            _channel.BeginFinalEvent();
            await _channel.SendRpcAsync(EventNames.Error, error, ReplyWriters.Error, ReplyContext(call), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception sendError) when (_channel.IsClosed)
        {
            _logger.LogDebug(sendError, "Could not send the error of {Method}: the channel closed", call.MethodName);
        }
    }

    private Dictionary<string, object?>? ReplyContext(ServerCallContext call) =>
        call.ReplyContext ??= _server.Context.BuildTaskContext(null);

    /// <summary>The <c>ERR</c> for <paramref name="exception"/>, logged unless it is the caller's mistake.</summary>
    internal static RemoteErrorInfo DescribeAndLog(Exception exception, string methodName, ILogger logger)
    {
        var error = Describe(exception);
        if (exception is not ZeroRpcException { Name: "NameError" or "TypeError" })
        {
            logger.LogError(exception, "{Method} failed: {Name}: {Message}", methodName, error.Name, error.Message);
        }
        return error;
    }

    internal static RemoteErrorInfo Describe(Exception exception)
    {
        var name = exception switch
        {
            ZeroRpcException named => named.Name,
            Client.RemoteException remote => remote.Name,
            _ => exception.GetType().Name,
        };
        var traceback = exception is ZeroRpcException { Name: "NameError" or "TypeError" }
            ? $"{name}: {exception.Message}"
            : exception.ToString();
        return new RemoteErrorInfo(name, exception.Message, traceback);
    }

    private void EndCall(ServerCallContext call)
    {
        try
        {
            _server.Context.ServerCallEnded(call);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A middleware failed at the end of {Method}", call.MethodName);
        }
    }
}
