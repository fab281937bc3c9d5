using System.Buffers;
using System.Runtime.CompilerServices;
using MessagePack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Serialization;
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
public sealed class ZeroRpcClient : IAsyncDisposable, IDisposable
{
    private readonly ZeroRpcClientOptions _options;
    private readonly ILogger _logger;
    private readonly MillisecondClock _clock;
    private readonly object _gate = new();
    private ClientConnection[] _connections = [];
    private int _next;
    private int _disposed;
    private IAsyncDisposable? _endpointSource;

    /// <summary>Creates a client; it calls nothing until it connects.</summary>
    public ZeroRpcClient(ZeroRpcClientOptions? options = null)
    {
        _options = options ?? new ZeroRpcClientOptions();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zask.ZeroRpc.Client");
        Context = _options.Context ?? new ZeroRpcContext();
        _clock = new MillisecondClock(_options.TimeProvider);
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
    public IReadOnlyList<string> Endpoints => Volatile.Read(ref _connections).Select(c => c.Endpoint).ToArray();

    /// <summary>The endpoints with an established connection now (for tests and diagnostics).</summary>
    internal IReadOnlyList<string> LiveEndpoints =>
        Volatile.Read(ref _connections).Where(c => c.IsConnected).Select(c => c.Endpoint).ToArray();

    /// <summary>
    /// Connects to an endpoint (after the middlewares' endpoint resolution, which may expand it to several).
    /// With several endpoints, calls are spread across them, skipping any that recently failed to answer.
    /// </summary>
    public void Connect(string endpoint)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ClientConnect))
        {
            var connection = new ClientConnection(resolved, _options, _logger);
            lock (_gate)
            {
                _connections = [.. _connections, connection];
            }
        }
    }

    /// <summary>
    /// Hands the client a source that connects and disconnects its endpoints over time (a registry watch). Until the
    /// source connects the first one, calls wait for it within their timeout instead of failing at once; the source
    /// is disposed with the client. The source calls <see cref="Connect"/> and <see cref="Disconnect"/>; the hosting
    /// layer's etcd registry watch is one.
    /// </summary>
    /// <param name="source">What keeps the endpoints current; disposed with the client.</param>
    /// <exception cref="InvalidOperationException">The client already has an endpoint source.</exception>
    public void UseEndpointSource(IAsyncDisposable source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _endpointSource, source, null) is not null)
        {
            throw new InvalidOperationException("The client already has an endpoint source.");
        }
    }

    /// <summary>Stops calling an endpoint; calls in flight on it fail.</summary>
    public void Disconnect(string endpoint)
    {
        ClientConnection[] removed;
        lock (_gate)
        {
            removed = _connections.Where(c => c.Endpoint == endpoint).ToArray();
            _connections = _connections.Except(removed).ToArray();
        }
        foreach (var connection in removed)
        {
            connection.Dispose();
        }
    }

    /// <summary>Calls a method and returns its result as <typeparamref name="T"/>.</summary>
    /// <remarks>
    /// Every element of <paramref name="args"/> is sent to the server. A timeout or cancellation goes to
    /// <see cref="CallWithOptionsAsync{T}"/>; one passed here is refused with an <see cref="ArgumentException"/>.
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
                return await CollectStreamAsync<T>(call, channel, first, options.CancellationToken).ConfigureAwait(false);
            }
            return ReadReply<T>(call, first);
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
        var reader = new StreamReader<T>(this, call, channel, first, linked.Token);
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
    /// Reads a stream's replies one by one, recording the error that ends it (an iterator cannot catch around
    /// its yields, and middlewares must see that error).
    /// </summary>
    private sealed class StreamReader<T>(ZeroRpcClient client, ClientCallContext call, ClientChannel channel, Event first, CancellationToken cancellationToken)
    {
        private Event? _next = first;
        private IEnumerator<T>? _okItems;

        public T Current { get; private set; } = default!;

        public Exception? Failure { get; private set; }

        public async ValueTask<bool> MoveNextAsync()
        {
            try
            {
                if (_okItems is not null)
                {
                    return MoveOk();
                }
                var evt = _next ?? await NextAsync(channel, cancellationToken).ConfigureAwait(false);
                _next = null;
                if (ReferenceEquals(evt.Name, EventNames.Ok))
                {
                    // zerorpc-node answers an empty stream with OK [nil]; a list answer streams its elements.
                    _okItems = client.ReadOkAsItems<T>(call, evt).GetEnumerator();
                    return MoveOk();
                }
                if (ReferenceEquals(evt.Name, EventNames.StreamDone))
                {
                    return false;
                }
                if (!ReferenceEquals(evt.Name, EventNames.Stream))
                {
                    client.ReadReply<T>(call, evt);
                }
                Current = Deserialize<T>(evt.Args, call.Method);
                return true;
            }
            catch (Exception ex)
            {
                Failure = ex;
                throw;
            }
        }

        private bool MoveOk()
        {
            if (!_okItems!.MoveNext())
            {
                return false;
            }
            Current = _okItems.Current;
            return true;
        }
    }

    /// <summary>
    /// Returns an implementation of <typeparamref name="T"/> whose methods call the server: methods returning
    /// <c>Task</c>, <c>Task&lt;R&gt;</c>, <c>ValueTask&lt;R&gt;</c> or <c>IAsyncEnumerable&lt;R&gt;</c>, named by the naming
    /// policy or <see cref="Server.ZeroRpcMethodAttribute"/>. A <see cref="CancellationToken"/> parameter cancels the call.
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
    private (ClientCallContext Call, Dictionary<string, object?>? Header, long DeadlineMs) Prepare(string method, object?[] args, CallOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        args ??= [null];
        var timeout = options.Timeout ?? _options.Timeout;
        var call = new ClientCallContext(this, method, args, timeout);
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
                Context.ClientAfterRequest(call, ex);
                throw;
            }
        }
        return (call, header, _clock.After(timeout));
    }

    /// <summary>Opens the call's channel on <paramref name="connection"/> and sends the request on it.</summary>
    private static ClientChannel Open(ClientCallContext call, Dictionary<string, object?>? header, ClientConnection connection)
    {
        call.Endpoint = connection.Endpoint;
        var multiplexer = connection.Multiplexer;
        var channel = new ClientChannel(multiplexer, MessageIdGenerator.Next());
        multiplexer.Register(channel);
        try
        {
            // The request opens the channel: its message_id is the channel id and it has no response_to.
            multiplexer.SendEvent(null, channel.Id, null, header, call.Method, (object?[])call.Args, ReplyWriters.Arguments, channel);
        }
        catch
        {
            channel.Close();
            throw;
        }
        return channel;
    }

    /// <summary>
    /// Sends the request to a connected endpoint and waits for the first reply, waiting for a connection and
    /// retrying a send that found none, within the timeout.
    /// </summary>
    private async ValueTask<(ClientChannel, Event)> SendAsync(ClientCallContext call, Dictionary<string, object?>? header,
        long deadline, CallOptions options)
    {
        var pause = 2;
        while (true)
        {
            var connection = PickConnection();
            if (connection is null)
            {
                // No endpoint is connected yet (just connected, or every server is down): wait, within the timeout.
                if (_clock.NowMs >= deadline)
                {
                    var error = Unreachable(call);
                    if (Context.HasMiddlewares)
                    {
                        Context.ClientAfterRequest(call, error);
                    }
                    throw error;
                }
                // A poll for a connection on the real clock (the deadline above is on the client's): with a test's
                // fake clock, calls keep waiting for a server until the test moves time past their deadline.
                await Task.Delay(pause, options.CancellationToken).ConfigureAwait(false);
                pause = Math.Min(pause * 2, 50);
                continue;
            }
            ClientChannel? channel = null;
            try
            {
                channel = Open(call, header, connection);
                var first = await channel.ReadFirstAsync(deadline, options.CancellationToken).ConfigureAwait(false);
                if (RefusedWhileStopping(first, connection, deadline))
                {
                    channel.Close();
                    continue;
                }
                connection.ReportSuccess();
                call.Reply = first;
                return (channel, first);
            }
            catch (EndpointUnavailableException) when (_clock.NowMs < deadline)
            {
                // The connection dropped between the check and the send. Nothing was sent, so trying again
                // (elsewhere, or once it is back) cannot run the call twice.
                channel?.Close();
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
    }

    /// <summary>
    /// <c>true</c> when a server that is shutting down refused the call (so it never ran) and another endpoint can
    /// take it: the stopping one leaves the rotation and the call goes elsewhere, so a rolling restart loses nothing.
    /// </summary>
    private bool RefusedWhileStopping(Event first, ClientConnection connection, long deadline)
    {
        if (!ReferenceEquals(first.Name, EventNames.Error) || _clock.NowMs >= deadline
            || ReadError(first).Name != ShuttingDownError)
        {
            return false;
        }
        connection.ReportFailure();
        return Volatile.Read(ref _connections).Any(c => !ReferenceEquals(c, connection) && c.IsAvailable);
    }

    /// <summary>The error a stopping server answers new calls with (they never ran).</summary>
    internal const string ShuttingDownError = "ServiceUnavailable";

    /// <summary>Ends a call whose first reply did not come, and returns the exception to throw.</summary>
    private Exception Failed(ClientCallContext call, ClientChannel? channel, ClientConnection connection, Exception ex)
    {
        if (ex is TimeoutException or LostRemoteException)
        {
            connection.ReportFailure();
        }
        var error = ex switch
        {
            // Whether the server's heartbeats came tells a busy method from a server that is not there.
            TimeoutException => new TimeoutExpiredException(call.Method, call.Timeout, connection.Endpoint,
                channel?.HasHeardPeer ?? false),
            EndpointUnavailableException => Unreachable(call),
            _ => ex,
        };
        if (channel is not null)
        {
            Finish(call, channel, error);
        }
        else if (Context.HasMiddlewares)
        {
            Context.ClientAfterRequest(call, error);
        }
        return error;
    }

    private EndpointUnavailableException Unreachable(ClientCallContext call) => new(
        $"no server was reachable for {call.Method} within {call.Timeout.TotalSeconds:0.###}s (endpoints: {string.Join(", ", Endpoints)})");

    private static ValueTask<Event> NextAsync(ClientChannel channel, CancellationToken cancellationToken) =>
        channel.ReadAsync(cancellationToken);

    /// <summary>
    /// The next endpoint in rotation that is connected and not out of rotation; failing that, any connected one
    /// (every server failed recently: keep trying them rather than failing outright); <c>null</c> when none is
    /// connected.
    /// </summary>
    private ClientConnection? PickConnection()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connections = Volatile.Read(ref _connections);
        if (connections.Length == 0)
        {
            if (Volatile.Read(ref _endpointSource) is not null)
            {
                // The registry has not given an endpoint yet (or none is registered): the caller waits, bounded.
                return null;
            }
            throw new InvalidOperationException("The client is not connected: call Connect before calling methods.");
        }
        var start = connections.Length == 1 ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)connections.Length);
        ClientConnection? fallback = null;
        for (var i = 0; i < connections.Length; i++)
        {
            var candidate = connections[(start + i) % connections.Length];
            if (candidate.IsAvailable)
            {
                return candidate;
            }
            if (fallback is null && candidate.IsConnected)
            {
                fallback = candidate;
            }
        }
        return fallback;
    }

    private T ReadReply<T>(ClientCallContext call, Event reply)
    {
        switch (reply.Name)
        {
            case EventNames.Ok:
                return ReadOk<T>(reply, call.Method);
            case EventNames.Error:
                throw Context.ClientHandleRemoteError(call, ReadError(reply));
            default:
                throw new ProtocolViolationException($"Unable to find a pattern for the reply '{reply.Name}' to {call.Method}");
        }
    }

    private static T ReadOk<T>(Event reply, string method)
    {
        var reader = new MessagePackReader(reply.Args);
        if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() < 1)
        {
            throw new ProtocolViolationException($"OK reply to {method} must be a one-element array");
        }
        return Deserialize<T>(ref reader, method);
    }

    private IEnumerable<T> ReadOkAsItems<T>(ClientCallContext call, Event reply)
    {
        var value = ReadReply<object?>(call, reply);
        if (value is null)
        {
            return [];
        }
        var reader = new MessagePackReader(reply.Args);
        reader.ReadArrayHeader();
        if (reader.NextMessagePackType == MessagePackType.Array)
        {
            return Deserialize<T[]>(ref reader, call.Method);
        }
        return [Deserialize<T>(ref reader, call.Method)];
    }

    private async Task<T> CollectStreamAsync<T>(ClientCallContext call, ClientChannel channel, Event first, CancellationToken cancellationToken)
    {
        var items = new List<ReadOnlyMemory<byte>>();
        for (var evt = first; !ReferenceEquals(evt.Name, EventNames.StreamDone); evt = await NextAsync(channel, cancellationToken).ConfigureAwait(false))
        {
            if (!ReferenceEquals(evt.Name, EventNames.Stream))
            {
                ReadReply<T>(call, evt);
            }
            items.Add(evt.Args);
        }
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            writer.WriteRaw(item.Span);
        }
        writer.Flush();
        return Deserialize<T>(buffer.WrittenMemory, call.Method);
    }

    internal static RemoteException ReadError(Event reply)
    {
        try
        {
            var reader = new MessagePackReader(reply.Args);
            if (reader.NextMessagePackType == MessagePackType.Array)
            {
                var count = reader.ReadArrayHeader();
                var parts = new string?[3];
                for (var i = 0; i < count; i++)
                {
                    var part = MessagePackSerializer.Deserialize<object?>(ref reader, ZeroRpcSerializer.Options);
                    if (i < 3)
                    {
                        parts[i] = part?.ToString();
                    }
                }
                // v1 peers send [message] only.
                return count == 1
                    ? new RemoteException("RemoteError", parts[0] ?? "", null)
                    : new RemoteException(parts[0] ?? "RemoteError", parts[1] ?? "", parts[2]);
            }
        }
        catch (MessagePackSerializationException)
        {
            // Fall through to the generic description.
        }
        return new RemoteException("RemoteError", "the server sent an ERR event that could not be read", null);
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> value, string method)
    {
        var reader = new MessagePackReader(value);
        return Deserialize<T>(ref reader, method);
    }

    private static T Deserialize<T>(ref MessagePackReader reader, string method)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(ref reader, ZeroRpcSerializer.Options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new InvalidCastException($"the result of {method} cannot be read as {typeof(T).Name}: {(ex.InnerException ?? ex).Message}", ex);
        }
    }

    private void Finish(ClientCallContext call, ClientChannel channel, Exception? failure)
    {
        channel.Close();
        if (Context.HasMiddlewares)
        {
            try
            {
                Context.ClientAfterRequest(call, failure);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A middleware failed after the call to {Method}", call.Method);
            }
        }
    }

    /// <summary>Closes every connection; calls in flight fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        ClientConnection[] connections;
        lock (_gate)
        {
            connections = _connections;
            _connections = [];
        }
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
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
