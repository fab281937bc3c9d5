using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Serves one request: request/reply (<c>OK</c> or <c>ERR</c>) or request/stream (<c>STREAM</c>* then
/// <c>STREAM_DONE</c> or <c>ERR</c>), honouring the caller's credit and running the middleware hooks.
/// </summary>
/// <remarks>
/// The call's channel (heartbeats, credit, the caller's loss) is opened only when something needs it: a call run on
/// the I/O thread that completes there, hooks and all, is answered without one, since nothing can arrive for it while
/// it holds that thread. The channel opens when the call first waits (before the I/O thread reads again), when it
/// streams, when its token is asked for, or before it is queued to a call worker. Once the final event is about to be
/// sent no channel opens any more, so no heartbeat can follow the reply.
/// </remarks>
internal sealed class ServerCall : IThreadPoolWorkItem, ICallCancellation
{
    private readonly ZeroRpcServer _server;
    private readonly Event _request;
    private readonly byte[][]? _envelope;
    private readonly ChannelMultiplexer _multiplexer;
    private readonly ServedMethod? _served;
    private readonly ILogger _logger;
    private bool _inline;
    // Guarded by the call itself (internal, never handed out): the channel if opened, and whether one may still open.
    private ServerChannel? _channel;
    private bool _sealed;
    // What telemetry reports at the end (only written while something listens).
    private RpcCallScope _telemetry;
    private string? _errorType;
    private string? _errorMessage;
    private long _streamItems;

    public ServerCall(ZeroRpcServer server, Event request, byte[][]? envelope, ChannelMultiplexer multiplexer,
        ServedMethod? served, ILogger logger)
    {
        _server = server;
        _request = request;
        _envelope = envelope;
        _multiplexer = multiplexer;
        _served = served;
        _logger = logger;
    }

    /// <summary>
    /// Opens the call's channel now if it is not open yet; <c>null</c> once the final event is on its way (then
    /// nothing can arrive for the call that matters any more).
    /// </summary>
    public ServerChannel? OpenChannel()
    {
        lock (this)
        {
            if (_channel is null && !_sealed)
            {
                var channel = new ServerChannel(_multiplexer, _request, _envelope, _server, _served, _logger);
                // The dispatcher checked that the id is free, and no event has been read since: this cannot clash.
                _multiplexer.Register(channel);
                _channel = channel;
            }
            return _channel;
        }
    }

    /// <summary>No channel opens from now on; the open one, if any, stops its heartbeats.</summary>
    private ServerChannel? Seal()
    {
        lock (this)
        {
            _sealed = true;
            _channel?.BeginFinalEvent();
            return _channel;
        }
    }

    CancellationToken ICallCancellation.Token =>
        OpenChannel() is { } channel ? channel.Token : _server.StopCancellation.Token;

    bool ICallCancellation.IsCancelled =>
        Volatile.Read(ref _channel) is { } channel ? channel.IsCancelled : _server.StopCancellation.IsCancelled;

    /// <summary>Runs the call on a call worker (its exceptions are all handled inside).</summary>
    public void Execute() => RunMeasured();

    /// <summary>Runs the call on the calling thread (the I/O thread) until its first incomplete await.</summary>
    public void RunInline()
    {
        _inline = true;
        if (!RunMeasured().IsCompleted)
        {
            // The call waits: from now on the I/O thread reads again, and the caller's heartbeats, credit and loss
            // need a channel to land on.
            OpenChannel();
        }
    }

    /// <summary>
    /// Runs the call until it completes or first waits, and tells the dispatch policy how long that held the thread:
    /// hooks, binding, the method, encoding and sending the reply, logging, all of it.
    /// </summary>
    private Task RunMeasured()
    {
        if (_served is not { IsAdaptive: true })
        {
            // Pinned (or unknown): nothing decides on the figure, so it is not taken.
            return RunAsync();
        }
        var held = HeldTime.Start();
        var run = RunAsync();
        held.Report(_served, _inline, _logger);
        return run;
    }

    private async Task RunAsync()
    {
        var request = _request;
        var method = _served?.Method;
        // The token is made only if someone asks for it: the method's parameter, a stream, a middleware.
        var call = new ServerCallContext(_server.Instance.GetType(), request, this) { ServiceName = _server.Name, Envelope = _envelope };
        // Until the method runs, a named error is a refusal of the caller's request (logged as such, without a stack).
        var refused = true;
        ServerCallContext.Current = call;
        var context = _server.Context;
        AsyncServiceScope? scope = null;
        if (ServerTelemetry.IsObserved)
        {
            _telemetry = CallTelemetry.Start(_server, _served, call);
        }
        try
        {
            context.LoadTaskContext(call);
            if (method is null)
            {
                // zerorpc-python's answer to an unknown method.
                throw new ZeroRpcException("NameError", request.Name);
            }
            if (_served!.Activator is { } activator)
            {
                // Made before the hooks, which share it (ServerCallContext.Services); the instance only once they agree.
                scope = activator.CreateScope();
                call.Services = scope.Value.ServiceProvider;
            }
            if (context.HasMiddlewares)
            {
                // Before the arguments are even read: a refused caller learns nothing about the method.
                await context.ServerBeforeExecAsync(call).ConfigureAwait(false);
            }
            var args = ArgumentBinder.Bind(method, request.Args, call);
            refused = false;
            var target = scope is { } callScope ? _served!.Activator!.Resolve(callScope) : _served!.Target;
            var returned = method.Invoke(target, args);
            if (method.Kind == ReturnKind.Stream)
            {
                await StreamAsync(call, method, returned).ConfigureAwait(false);
            }
            else
            {
                var result = await method.GetResultAsync(returned).ConfigureAwait(false);
                if (context.HasMiddlewares)
                {
                    call.Result = result;
                    await context.ServerAfterExecAsync(call).ConfigureAwait(false);
                }
                await SendFinalAsync(EventNames.Ok, new TypedValue(result, method.ResultType ?? typeof(object)),
                    ReplyWriters.Wrapped, ReplyContext(call)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsLost)
        {
            // The caller was lost (or the server stopped for good): there is nobody to answer.
            CallLog.EndedAfterClose(_logger, ex, request.Name);
            _errorType = nameof(LostRemoteException);
            _errorMessage = ex.Message;
        }
        catch (Exception ex)
        {
            await SendErrorAsync(call, ex, refused).ConfigureAwait(false);
        }
        finally
        {
            // Hooks first: a teardown hook may still use the call's scope.
            await EndCallAsync(call).ConfigureAwait(false);
            if (scope is { } ended)
            {
                await DisposeScopeAsync(ended, request.Name).ConfigureAwait(false);
            }
            // No need to reset ServerCallContext.Current: the value lives in this async flow only, which ends here
            // (the pool restores the default context after the work item), and each write costs an allocation.
            if (Seal() is { } channel)
            {
                // Before the close, which would otherwise read as a lost caller to a token made afterwards.
                channel.EndCancellation();
                channel.Close();
            }
            if (_telemetry.IsObserved)
            {
                ServerTelemetry.Stop(_telemetry, call.Elapsed, _errorType, _errorMessage,
                    _streamItems, method?.Kind == ReturnKind.Stream);
            }
            _server.CallFinished();
        }
    }


    private async Task DisposeScopeAsync(AsyncServiceScope scope, string method)
    {
        try
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The reply is gone already; a failing Dispose of a scoped dependency must not take the server down.
            CallLog.ScopeDisposeFailed(_logger, ex, method);
        }
    }

    private async Task StreamAsync(ServerCallContext call, MethodDescriptor method, object? returned)
    {
        // Items go out as the caller's credit allows, which arrives on the channel.
        var channel = OpenChannel()!;
        var itemType = method.ResultType ?? typeof(object);
        var replyContext = ReplyContext(call);
        await foreach (var item in method.OpenStream(returned, call.CancellationToken).ConfigureAwait(false))
        {
            // Waits for the caller's _zpc_more when its credit is spent; a lost caller ends the wait.
            await channel.SendRpcAsync(EventNames.Stream, new TypedValue(item, itemType), ReplyWriters.Bare,
                replyContext, call.CancellationToken).ConfigureAwait(false);
            _streamItems++;
        }
        await _server.Context.ServerAfterExecAsync(call).ConfigureAwait(false);
        await SendFinalAsync(EventNames.StreamDone, 0, ReplyWriters.Nil, replyContext).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the call's last event: on its channel when one is open (after the caller's credit), else straight to
    /// the caller, whose request granted it one event.
    /// </summary>
    private ValueTask SendFinalAsync<TState>(string name, TState state, ArgsWriter<TState> args,
        Dictionary<string, object?>? replyContext)
    {
        if (Seal() is { } channel)
        {
            return channel.SendRpcAsync(name, state, args, replyContext, CancellationToken.None);
        }
        _multiplexer.SendEvent(_envelope, default, _request.Header.MessageId, replyContext, name, state, args);
        return default;
    }

    /// <summary>The caller was lost (or the server stopped for good): nobody is left to answer.</summary>
    private bool IsLost => Volatile.Read(ref _channel) is { IsClosed: true };

    private async Task SendErrorAsync(ServerCallContext call, Exception exception, bool refused)
    {
        call.Exception = exception;
        try
        {
            await _server.Context.ServerInspectExceptionAsync(call, exception).ConfigureAwait(false);
        }
        catch (Exception hookError)
        {
            CallLog.ErrorHookFailed(_logger, hookError, call.MethodName);
        }
        var error = ErrorReply.DescribeAndLog(exception, call.MethodName, refused, _server.IncludeStackTraces, _logger);
        _errorType = error.Name;
        _errorMessage = error.Message;
        try
        {
            await SendFinalAsync(EventNames.Error, error, ReplyWriters.Error, ReplyContext(call)).ConfigureAwait(false);
        }
        catch (Exception sendError) when (IsLost)
        {
            CallLog.ErrorNotSent(_logger, sendError, call.MethodName);
        }
    }

    private Dictionary<string, object?>? ReplyContext(ServerCallContext call) =>
        call.ReplyContext ??= _server.Context.BuildTaskContext(null);

    private async ValueTask EndCallAsync(ServerCallContext call)
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
