using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// Calls any ZeroRPC server (Zask, zerorpc-python, zerorpc-node): request/reply, streams, remote errors,
/// timeouts and heartbeats, dynamically by name or through a typed interface (<see cref="As{T}"/>).
/// </summary>
/// <example>
/// <code>
/// await using var client = new ZeroRpcClient();
/// client.Connect("tcp://127.0.0.1:4242");
/// var greeting = await client.CallAsync&lt;string&gt;("hello", "World");
/// await foreach (var n in client.StreamAsync&lt;int&gt;("range", 10)) Console.WriteLine(n);
/// </code>
/// </example>
public sealed partial class ZeroRpcClient : IAsyncDisposable, IDisposable
{
    private readonly ZeroRpcClientOptions _options;
    private readonly ILogger _logger;
    private readonly MillisecondClock _clock;
    private readonly EndpointRotation _endpoints;
    private readonly ReplyDecoder _replies;
    private int _disposed;
    private IAsyncDisposable? _endpointSource;
    private Func<string?>? _endpointSourceProblem;
    // The Client span name of each method called (filled only while spans are recorded).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MethodTelemetry> _methods = new(StringComparer.Ordinal);

    /// <summary>Creates a client; it calls nothing until it connects.</summary>
    public ZeroRpcClient(ZeroRpcClientOptions? options = null)
    {
        _options = options ?? new ZeroRpcClientOptions();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zask.ZeroRpc.Client");
        Context = _options.Context ?? new ZeroRpcContext();
        _clock = new MillisecondClock(_options.TimeProvider);
        _endpoints = new EndpointRotation(_options, _logger);
        _replies = new ReplyDecoder(Context);
    }

    /// <summary>The middlewares this client runs.</summary>
    public ZeroRpcContext Context { get; }

    /// <summary>The default timeout for the first reply of a call.</summary>
    public TimeSpan Timeout => _options.Timeout;

    /// <summary>The name of the service this client calls (for middlewares), when known.</summary>
    public string? ServiceName => _options.ServiceName;

    /// <summary>The version of the service this client calls (for middlewares), when known.</summary>
    public string? ServiceVersion => _options.ServiceVersion;

    /// <summary>The endpoints connected, in rotation order.</summary>
    public IReadOnlyList<string> Endpoints => _endpoints.Endpoints;

    /// <summary>The endpoints with an established connection now (for tests and diagnostics).</summary>
    internal IReadOnlyList<string> LiveEndpoints => _endpoints.LiveEndpoints;

    /// <summary>The connection to an endpoint in rotation, if any (for tests).</summary>
    internal ClientConnection? ConnectionTo(string endpoint) => _endpoints.Find(endpoint);

    /// <summary>
    /// Connects to an endpoint (after the middlewares' endpoint resolution, which may expand it to several).
    /// With several endpoints, calls are spread across them, skipping any that recently failed to answer.
    /// </summary>
    public void Connect(string endpoint)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ClientConnect))
        {
            _endpoints.Add(resolved);
        }
    }

    /// <summary>
    /// Hands the client a source that connects and disconnects its endpoints over time (a registry watch). Until the
    /// source connects the first one, calls wait for it within their timeout instead of failing at once; the source
    /// is disposed with the client. The source calls <see cref="Connect"/> and <see cref="Disconnect"/>; the hosting
    /// layer's etcd registry watch is one.
    /// </summary>
    /// <param name="source">What keeps the endpoints current; disposed with the client.</param>
    /// <param name="problem">Says why the source has no endpoint (a refused password...), for the error of a call that found none.</param>
    /// <exception cref="InvalidOperationException">The client already has an endpoint source.</exception>
    public void UseEndpointSource(IAsyncDisposable source, Func<string?>? problem = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _endpointSource, source, null) is not null)
        {
            throw new InvalidOperationException("The client already has an endpoint source.");
        }
        _endpointSourceProblem = problem;
    }

    /// <summary>
    /// Stops calling an endpoint. Calls in flight on it still end as they would have (answer, error, timeout, lost
    /// server); its connection closes once they have, or after <see cref="Timeout"/> at the latest.
    /// </summary>
    public void Disconnect(string endpoint) => _endpoints.Remove(endpoint);

    /// <summary>Calls a method and returns its result as <typeparamref name="T"/>.</summary>
    /// <remarks>
    /// Every element of <paramref name="args"/> is sent to the server. A timeout or cancellation goes to
    /// <see cref="CallWithOptionsAsync{T}"/>; one passed here is a compile error (ZASK0001, from the analyzer in this
    /// package) or, where the compiler cannot see it (an array filled at run time), refused with an <see cref="ArgumentException"/>.
    /// </remarks>
    /// <exception cref="RemoteException">The server answered with an error.</exception>
    /// <exception cref="TimeoutExpiredException">No reply within the timeout.</exception>
    /// <exception cref="LostRemoteException">The server stopped answering heartbeats.</exception>
    /// <exception cref="ArgumentException">An argument is a <see cref="CancellationToken"/> or <see cref="CallOptions"/>.</exception>
    public Task<T> CallAsync<T>(string method, params object?[] args) => CallWithOptionsAsync<T>(method, default, args);

    /// <summary>Calls a method and returns its result as plain .NET values (maps, arrays, strings, numbers...).</summary>
    /// <exception cref="ArgumentException">An argument is a <see cref="CancellationToken"/> or <see cref="CallOptions"/>.</exception>
    public Task<object?> CallAsync(string method, params object?[] args) => CallWithOptionsAsync<object?>(method, default, args);

    /// <summary>
    /// Calls a method with a per-call timeout or cancellation and returns its result as <typeparamref name="T"/>.
    /// A method of its own, so that options are never taken for an argument of the remote method.
    /// </summary>
    /// <param name="method">The remote method's name.</param>
    /// <param name="options">This call's timeout (the client's when null) and cancellation.</param>
    /// <param name="args">The remote method's arguments.</param>
    /// <exception cref="RemoteException">The server answered with an error.</exception>
    /// <exception cref="TimeoutExpiredException">No reply within the timeout.</exception>
    /// <exception cref="LostRemoteException">The server stopped answering heartbeats.</exception>
    /// <exception cref="ArgumentException">An argument is a <see cref="CancellationToken"/> or <see cref="CallOptions"/>.</exception>
    public Task<T> CallWithOptionsAsync<T>(string method, CallOptions options, params object?[] args)
    {
        RefuseMisplacedOptions(method, args);
        return CallCoreAsync<T>(method, args, options);
    }

    /// <summary>
    /// A token or options among the arguments can only be a mistake (MessagePack cannot send them anyway): say so
    /// before anything is sent, rather than fail in the serializer.
    /// </summary>
    private static void RefuseMisplacedOptions(string method, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is CancellationToken or CallOptions)
            {
                throw new ArgumentException(
                    $"argument {i} of the call to '{method}' is a {args[i]!.GetType().Name}, which is not sent to the server: " +
                    "pass a timeout or cancellation with CallWithOptionsAsync / StreamWithOptionsAsync(method, new CallOptions(...), args)",
                    nameof(args));
            }
        }
    }

    private async Task<T> CallCoreAsync<T>(string method, object?[] args, CallOptions options)
    {
        var (call, header, deadline) = Prepare(method, args, options);
        ClientChannel? channel = null;
        Event? first = null;
        // The usual case, inline: a connected endpoint, one send, one wait. Awaiting the channel here rather than
        // in SendAsync saves an async state machine per call.
        var connection = PickConnection();
        if (connection is not null)
        {
            try
            {
                channel = Open(call, header, connection);
                first = await channel.ReadFirstAsync(deadline, options.CancellationToken).ConfigureAwait(false);
                if (RefusedWhileStopping(first, connection, deadline))
                {
                    channel.Close();
                    channel = null;
                }
                else
                {
                    connection.ReportSuccess();
                    call.Reply = first;
                }
            }
            catch (EndpointUnavailableException) when (_clock.NowMs < deadline)
            {
                // Nothing was sent: SendAsync tries again.
                channel?.Close();
                channel = null;
            }
            catch (Exception ex)
            {
                var error = Failed(call, channel, connection, ex);
                if (ReferenceEquals(error, ex))
                {
                    throw;
                }
                throw error;
            }
        }
        if (channel is null || first is null)
        {
            (channel, first) = await SendAsync(call, header, deadline, options).ConfigureAwait(false);
        }
        Exception? failure = null;
        try
        {
            if (ReferenceEquals(first.Name, EventNames.Stream) || ReferenceEquals(first.Name, EventNames.StreamDone))
            {
                // A streamed answer to a plain call: gather the items into one array value.
                return await _replies.CollectStreamAsync<T>(call, channel, first, options.CancellationToken).ConfigureAwait(false);
            }
            return _replies.ReadReply<T>(call, first);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            Finish(call, channel, failure);
        }
    }

    /// <summary>Calls a streaming method and yields its items as they arrive, granting the server credit as it goes.</summary>
    /// <exception cref="ArgumentException">An argument is a <see cref="CancellationToken"/> or <see cref="CallOptions"/>.</exception>
    public IAsyncEnumerable<T> StreamAsync<T>(string method, params object?[] args) => StreamWithOptionsAsync<T>(method, default, args);

    /// <summary>
    /// Calls a streaming method with a timeout for its first reply or a cancellation. Cancellation can also come
    /// from <see cref="TaskAsyncEnumerableExtensions.WithCancellation{T}(IAsyncEnumerable{T}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is a <see cref="CancellationToken"/> or <see cref="CallOptions"/>.</exception>
    public IAsyncEnumerable<T> StreamWithOptionsAsync<T>(string method, CallOptions options, params object?[] args)
    {
        RefuseMisplacedOptions(method, args);
        return StreamCoreAsync<T>(method, args, options);
    }

    private async IAsyncEnumerable<T> StreamCoreAsync<T>(string method, object?[] args, CallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, cancellationToken);
        var (call, channel, first) = await StartAsync(method, args, options with { CancellationToken = linked.Token }).ConfigureAwait(false);
        call.IsStream = true;
        var reader = new ClientStreamReader<T>(_replies, call, channel, first, linked.Token);
        try
        {
            // Items after the first have no time limit: only heartbeat loss ends the wait.
            while (await reader.MoveNextAsync().ConfigureAwait(false))
            {
                yield return reader.Current;
            }
        }
        finally
        {
            Finish(call, channel, reader.Failure);
        }
    }

    /// <summary>
    /// Returns an implementation of <typeparamref name="T"/> whose methods call the server: methods returning
    /// <c>Task</c>, <c>Task&lt;R&gt;</c>, <c>ValueTask&lt;R&gt;</c> or <c>IAsyncEnumerable&lt;R&gt;</c>, named by the naming
    /// policy or <see cref="Serialization.ZeroRpcMethodAttribute"/>. A <see cref="CancellationToken"/> parameter cancels the call.
    /// </summary>
    public T As<T>() where T : class => TypedClientProxy.Create<T>(this, _options.Naming);

    /// <summary>
    /// Starts a call: runs the middlewares' request hooks, sends the request and waits for the first reply.
    /// </summary>
    private async ValueTask<(ClientCallContext, ClientChannel, Event)> StartAsync(string method, object?[] args, CallOptions options)
    {
        var (call, header, deadline) = Prepare(method, args, options);
        var (channel, first) = await SendAsync(call, header, deadline, options).ConfigureAwait(false);
        return (call, channel, first);
    }

    /// <summary>The synchronous start of a call: the call context and the middlewares' request hooks.</summary>
    private (ClientCallContext Call, IReadOnlyDictionary<string, object?>? Header, long DeadlineMs) Prepare(string method, object?[] args, CallOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        args ??= [null];
        var timeout = options.Timeout ?? _options.Timeout;
        var call = new ClientCallContext(method, args, timeout);
        // The span first, current from here to the call's end: the request hooks and what they log are in it.
        call.Telemetry = ClientTelemetry.Start(_options.ServiceName, method, _methods, call.StartTimestamp);
        Dictionary<string, object?>? header = null;
        if (Context.HasMiddlewares)
        {
            try
            {
                Context.ClientBeforeRequest(call);
                header = Context.BuildTaskContext(call);
            }
            catch (Exception ex)
            {
                AfterRequest(call, ex);
                throw;
            }
        }
        return (call, ClientTelemetry.Propagate(call.Telemetry, header), _clock.After(timeout));
    }

    /// <summary>Opens the call's channel on <paramref name="connection"/> and sends the request on it.</summary>
    private static ClientChannel Open(ClientCallContext call, IReadOnlyDictionary<string, object?>? header, ClientConnection connection)
    {
        call.Endpoint = connection.Endpoint;
        call.Address = connection.Address;
        var multiplexer = connection.Multiplexer;
        var channel = new ClientChannel(multiplexer, MessageIdGenerator.Next(), connection.Replies, call.Telemetry.Method);
        if (!multiplexer.TryRegisterOpen(channel))
        {
            // The endpoint was removed since it was picked. Nothing was sent: the caller tries again elsewhere.
            throw new EndpointUnavailableException($"the connection to {connection.Endpoint} was closed");
        }
        try
        {
            // The request opens the channel: its message_id is the channel id and it has no response_to.
            // Other calls in flight: their replies are coming, and with them the callers' next requests, which can
            // leave with this one.
            multiplexer.SendEvent(null, channel.Id, null, header, call.Method, (object?[])call.Args, ReplyWriters.Arguments, channel,
                moreFollow: multiplexer.OpenChannelsNow > 1);
        }
        catch
        {
            channel.Close();
            throw;
        }
        return channel;
    }

    /// <summary>
    /// The endpoint for the next call (see <see cref="EndpointRotation.Pick"/>); <c>null</c> when none is connected.
    /// </summary>
    private ClientConnection? PickConnection()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_endpoints.IsEmpty)
        {
            if (Volatile.Read(ref _endpointSource) is not null)
            {
                // The registry has not given an endpoint yet (or none is registered): the caller waits, bounded.
                return null;
            }
            throw new InvalidOperationException("The client is not connected: call Connect before calling methods.");
        }
        return _endpoints.Pick();
    }

    private void Finish(ClientCallContext call, ClientChannel channel, Exception? failure)
    {
        channel.Close();
        if (Context.HasMiddlewares)
        {
            try
            {
                RunAfterHooks(call, failure);
            }
            catch (Exception ex)
            {
                ClientLog.AfterHookFailed(_logger, ex, call.Method);
            }
        }
        if (call.Telemetry.IsObserved)
        {
            StopTelemetry(call, failure);
        }
    }

    /// <summary>Ends a call that never got a channel (or lost it before its first reply).</summary>
    private void AfterRequest(ClientCallContext call, Exception error)
    {
        try
        {
            if (Context.HasMiddlewares)
            {
                RunAfterHooks(call, error);
            }
        }
        finally
        {
            if (call.Telemetry.IsObserved)
            {
                StopTelemetry(call, error);
            }
        }
    }

    /// <summary>
    /// The middlewares' reply hooks, inside the call's span: a stream ends in its reader's flow, where the span that
    /// its start made current is not (an async iterator's flow is its consumer's).
    /// </summary>
    private void RunAfterHooks(ClientCallContext call, Exception? failure)
    {
        var span = call.Telemetry.Activity;
        var outer = Activity.Current;
        if (span is null || ReferenceEquals(outer, span))
        {
            Context.ClientAfterRequest(call, failure);
            return;
        }
        Activity.Current = span;
        try
        {
            Context.ClientAfterRequest(call, failure);
        }
        finally
        {
            Activity.Current = outer;
        }
    }

    private void StopTelemetry(ClientCallContext call, Exception? failure)
    {
        var remote = failure as RemoteException;
        ClientTelemetry.Stop(call.Telemetry, call.Address, call.Elapsed,
            remote?.Name ?? failure?.GetType().FullName, remote?.RemoteMessage ?? failure?.Message, remote is not null, call.StreamItems, call.IsStream);
        call.Telemetry = default;
    }

    /// <summary>Closes every connection; calls in flight fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _endpoints.Dispose();
        // Stopping a watch only cancels it, so this does not block for long.
        Interlocked.Exchange(ref _endpointSource, null)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var source = Interlocked.Exchange(ref _endpointSource, null);
        Dispose();
        if (source is not null)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
