using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using System.Reflection;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// Serves the public methods of a plain object over ZeroRPC, wire-compatible with zerorpc-python and zerorpc-node
/// clients. Calls run concurrently on the thread pool, or on the socket's I/O thread for methods that have shown they
/// return within microseconds (see <see cref="CallDispatch"/>).
/// </summary>
/// <example>
/// <code>
/// await using var server = new ZeroRpcServer(new MyService());
/// server.Bind("tcp://0.0.0.0:4242");
/// await server.RunAsync(cancellationToken);
/// </code>
/// </example>
public sealed class ZeroRpcServer : IAsyncDisposable, IDisposable
{
    // How long a graceful stop waits for the replies already sent to be written before its socket closes.
    private static readonly TimeSpan ReplyFlushLimit = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, ServedMethod> _methods = new(StringComparer.Ordinal);
    private readonly ZeroRpcServerOptions _options;
    private readonly SocketKind _kind;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly List<string> _endpoints = [];
    private readonly object _gate = new();
    private readonly CallWorkers _workers;
    private readonly Func<Action<IncomingMessage>, ITransportSocket>? _socketFactory;
    private ChannelMultiplexer? _multiplexer;
    private TaskCompletionSource? _drained;
    private volatile bool _stopping;
    private int _inFlight;
    private int _disposed;
    private ServedMethod? _fallback;

    /// <summary>Creates a server for <paramref name="service"/>; nothing is served until it binds or connects.</summary>
    public ZeroRpcServer(object service, ZeroRpcServerOptions? options = null)
        : this(service, options, SocketKind.Router)
    {
    }

    /// <summary>
    /// Creates a ROUTER server over a transport of the caller's making: the micro-benchmarks measure the server's
    /// dispatch with a socket that hands it messages and keeps its replies, without a real transport.
    /// </summary>
    internal ZeroRpcServer(object service, ZeroRpcServerOptions? options, Func<Action<IncomingMessage>, ITransportSocket> socketFactory)
        : this(service, options, SocketKind.Router)
    {
        _socketFactory = socketFactory;
    }

    /// <summary>
    /// Creates a server for a scoped service: <paramref name="prototype"/> gives its name and version, and each call
    /// runs on an instance <paramref name="activator"/> makes in a scope of its own.
    /// </summary>
    /// <param name="prototype">An instance of the service, read for its name and version only; it is not served.</param>
    /// <param name="activator">Makes each call's instance in a scope of its own.</param>
    /// <param name="options">The server's settings.</param>
    public ZeroRpcServer(object prototype, ServiceActivator activator, ZeroRpcServerOptions options)
        : this(prototype, options, SocketKind.Router, activator)
    {
    }

    /// <summary>Creates a server on another socket type: PULL or SUB for the one-way patterns.</summary>
    internal ZeroRpcServer(object service, ZeroRpcServerOptions? options, SocketKind kind, ServiceActivator? activator = null)
    {
        _kind = kind;
        ArgumentNullException.ThrowIfNull(service);
        Instance = service;
        _options = options ?? new ZeroRpcServerOptions();
        if (!Enum.IsDefined(_options.Dispatch))
        {
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ZeroRpcServerOptions.Dispatch is {(int)_options.Dispatch}, which is not a CallDispatch value (Auto, ThreadPool or Inline)");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxCallThreads, 1, "ZeroRpcServerOptions.MaxCallThreads");
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zask.ZeroRpc.Server");
        IncludeStackTraces = _options.IncludeStackTraces ?? false;
        _workers = new CallWorkers(_options.MaxCallThreads, "zask-call");
        StopCancellation = new ServerStopCancellation(_hardStop.Token);
        Context = _options.Context ?? new ZeroRpcContext();
        Service = ServiceDescriptor.For(service.GetType(), _options.Naming);
        Name = Service.ResolveName(service, _options.Name);
        Version = Service.ResolveVersion(service, _options.Version);
        foreach (var method in Service.Methods.Values)
        {
            _methods[method.Name] = new ServedMethod(method, service, _options.Dispatch, activator);
        }
        var introspection = new IntrospectionService(this);
        foreach (var method in ServiceDescriptor.For(typeof(IntrospectionService), NamingPolicy.AsDeclared).Methods.Values)
        {
            _methods.TryAdd(method.Name, new ServedMethod(method, introspection, _options.Dispatch));
        }
    }

    /// <summary>
    /// Serves the <see cref="ZeroRpcMethodAttribute"/> methods of <paramref name="provider"/> beside the service's, under
    /// the names their attributes give (as the introspection methods are): how a host adds methods every service
    /// answers, such as a health report. A name the service or an earlier provider already serves is left to it.
    /// </summary>
    /// <param name="provider">The object whose attributed methods are served.</param>
    /// <exception cref="InvalidOperationException">The server already started.</exception>
    public void ServeBuiltins(object provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (_multiplexer is not null)
        {
            throw new InvalidOperationException($"{Name} already started: built-in methods are added before it serves");
        }
        foreach (var method in ServiceDescriptor.For(provider.GetType(), NamingPolicy.AsDeclared).Methods.Values)
        {
            _methods.TryAdd(method.Name, new ServedMethod(method, provider, _options.Dispatch));
        }
    }

    /// <summary>
    /// The object whose methods are served; for a scoped service (registered with dependency injection), the
    /// instance resolved at start to read its name and version, while each call gets an instance of its own.
    /// </summary>
    public object Instance { get; }

    /// <summary>What the service exposes.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The service name, as <c>_zerorpc_name</c> and <c>_zerorpc_ping</c> report it.</summary>
    public string Name { get; }

    /// <summary>The service version, when declared.</summary>
    public string? Version { get; }

    /// <summary>The middlewares this server runs. Register more with <see cref="ZeroRpcContext.RegisterMiddleware"/>.</summary>
    public ZeroRpcContext Context { get; }

    /// <summary>The endpoints bound so far, with wildcard ports resolved.</summary>
    public IReadOnlyList<string> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints.ToArray();
            }
        }
    }

    /// <summary>Calls running now.</summary>
    public int InFlightCalls => Volatile.Read(ref _inFlight);

    /// <summary>Channels open now: one per call in flight, except plain calls served whole on the I/O thread.</summary>
    public int OpenChannels => _multiplexer?.OpenChannels ?? 0;

    /// <summary>Channels opened since the server started (tests check that plain calls open none).</summary>
    internal long ChannelsOpened => _multiplexer?.ChannelsOpened ?? 0;

    /// <summary>Incoming messages rejected as malformed since the server started.</summary>
    public long RejectedMessages => _multiplexer?.RejectedMessages ?? 0;

    /// <summary>Events dropped because they belonged to no open channel.</summary>
    public long DroppedEvents => _multiplexer?.DroppedEvents ?? 0;

    /// <summary><c>true</c> once a stop has begun: new calls are refused.</summary>
    public bool IsStopping => _stopping;

    /// <summary><c>true</c> while the server listens on at least one endpoint and takes new calls.</summary>
    public bool IsServing => Volatile.Read(ref _multiplexer) is not null && !_stopping && Endpoints.Count > 0;

    internal CancellationToken CallCancellation => _hardStop.Token;

    /// <summary>The endpoint that server spans report (<c>server.address</c>, <c>server.port</c>): the first bound.</summary>
    internal Diagnostics.EndpointAddress? TelemetryEndpoint { get; private set; }

    /// <summary>Whether error replies carry the stack (<see cref="ZeroRpcServerOptions.IncludeStackTraces"/>).</summary>
    internal bool IncludeStackTraces { get; }

    /// <summary>The cancellation of calls that only the server's stop can cancel.</summary>
    internal ICallCancellation StopCancellation { get; }

    /// <summary>
    /// Binds to an endpoint (for example <c>tcp://0.0.0.0:4242</c>, or <c>tcp://127.0.0.1:*</c> for a free port),
    /// after passing it through the middlewares' endpoint resolution. Returns the last endpoint actually bound.
    /// </summary>
    public string Bind(string endpoint)
    {
        var bound = endpoint;
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ServerBind))
        {
            bound = EnsureSocket().Socket.Bind(resolved);
            lock (_gate)
            {
                _endpoints.Add(bound);
            }
            TelemetryEndpoint ??= Diagnostics.EndpointAddress.Parse(bound);
            // Debug, not Information: the app announces that it serves (one line on stdout, in every mode), and
            // with DEBUG on a second "serving on" line from the log read as a second start.
            ServerLog.Bound(_logger, Name, bound);
        }
        return bound;
    }

    /// <summary>Connects to an endpoint instead of binding (a worker behind a broker or a client that binds).</summary>
    public void Connect(string endpoint)
    {
        foreach (var resolved in Context.ResolveEndpoint(endpoint, EndpointRole.ServerBind))
        {
            EnsureSocket().Socket.Connect(resolved);
        }
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> fires, then stops gracefully: new calls are refused and
    /// calls in flight get up to <see cref="ZeroRpcServerOptions.ShutdownGracePeriod"/> to finish.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        EnsureBound();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The signal to stop.
        }
        using var grace = new CancellationTokenSource(_options.ShutdownGracePeriod);
        await StopAsync(grace.Token).ConfigureAwait(false);
    }

    /// <summary>Serves until the process is asked to stop (Ctrl-C or SIGTERM), then stops gracefully.</summary>
    public void Run()
    {
        using var stop = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Cancel);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Cancel);
        RunAsync(stop.Token).GetAwaiter().GetResult();

        void Cancel(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>
    /// Makes sure the server listens: when nothing was bound or connected yet, binds to the service name, which
    /// the endpoint middleware resolves to the configured endpoints.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is bound and no middleware resolves the service name.</exception>
    public void EnsureBound()
    {
        if (_multiplexer is not null)
        {
            return;
        }
        var resolved = Context.ResolveEndpoint(Name, EndpointRole.ServerBind);
        if (resolved.Count == 0 || resolved.Any(e => !e.Contains("://", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"{Name} is not bound: call Bind(endpoint), or configure ZERORPC_{Name.ToUpperInvariant()} with the config endpoint middleware on");
        }
        Bind(Name);
    }

    /// <summary>
    /// Stops gracefully: refuses new calls at once, waits for calls in flight to finish until
    /// <paramref name="drainDeadline"/> fires, then cancels what is left and closes the socket once the replies sent
    /// have been written (for up to 5 seconds: a caller may be slow to read them).
    /// </summary>
    public async Task StopAsync(CancellationToken drainDeadline = default)
    {
        Task drained;
        lock (_gate)
        {
            _stopping = true;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Volatile.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(drainDeadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ServerLog.GraceExpired(_logger, Name, InFlightCalls);
        }
        await _hardStop.CancelAsync().ConfigureAwait(false);
        // Cancelled calls get a moment to unwind before the socket goes.
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        // The last replies may still wait to be written (for a caller slow to read, for a thread on a busy machine):
        // the socket closes once they are out. A fixed 50 ms pause cut them off under load. After the grace expired
        // the caller of this wants out, so only a moment is left.
        var linger = drainDeadline.IsCancellationRequested ? TimeSpan.FromMilliseconds(50) : ReplyFlushLimit;
        await Task.Run(() => CloseSocket(linger)).ConfigureAwait(false);
        _workers.Dispose();
    }

    internal ServedMethod? FindMethod(string name) => _methods.GetValueOrDefault(name) ?? _fallback;

    /// <summary>Serves every name the service does not expose with <paramref name="method"/> of the service (a catch-all).</summary>
    internal void ServeOtherNamesWith(MethodInfo method) =>
        _fallback = new ServedMethod(new MethodDescriptor(method.Name, method, Instance.GetType(), NamingPolicy.AsDeclared, takesArgumentList: true),
            Instance, CallDispatch.ThreadPool);

    internal void CallFinished()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping)
        {
            lock (_gate)
            {
                _drained?.TrySetResult();
            }
        }
    }

    private bool OnNewChannel(Event request, byte[][]? envelope)
    {
        var multiplexer = _multiplexer!;
        if (ReferenceEquals(request.Name, EventNames.Heartbeat) || ReferenceEquals(request.Name, EventNames.More))
        {
            return false;
        }
        if (_stopping)
        {
            if (_kind != SocketKind.Router)
            {
                return true;
            }
            multiplexer.SendEvent(envelope, default, request.Header.MessageId, null, EventNames.Error,
                new RemoteErrorInfo(RemoteErrorNames.ShuttingDown, $"{Name} is shutting down and takes no new calls", null), ReplyWriters.Error);
            return true;
        }
        if (_kind != SocketKind.Router)
        {
            Interlocked.Increment(ref _inFlight);
            _workers.Run(new OneWayCall(this, request, _logger));
            return true;
        }
        if (multiplexer.IsOpen(request.Header.MessageId))
        {
            IgnoreReusedId(request);
            return true;
        }
        Interlocked.Increment(ref _inFlight);
        var method = FindMethod(request.Name);
        if (method is not null && InlineCall.CanServe(method, Context))
        {
            InlineCall.Serve(this, method, request, envelope, multiplexer, _logger);
            return true;
        }
        var call = new ServerCall(this, request, envelope, multiplexer, method, _logger);
        if (method?.RunsInline ?? _options.Dispatch != CallDispatch.ThreadPool)
        {
            // A method known to return quickly (or an unknown name, answered at once) runs right here: no hand-off
            // to the pool and back, and its reply is sent without waking anyone. It opens a channel only if it waits.
            call.RunInline();
        }
        else
        {
            // Off the I/O thread: a slow or blocking method must never delay other calls or heartbeats. Its channel
            // opens first, so that whatever arrives for it from now on lands there. The call is its own work item,
            // so queuing it allocates nothing more.
            call.OpenChannel();
            _workers.Run(call);
        }
        return true;
    }

    private void IgnoreReusedId(Event request) =>
        ServerLog.ReusedId(_logger, request);

    /// <summary>
    /// A request that broke the decode limits still gets an answer when its header can be read, so that its
    /// caller learns why at once instead of waiting for its timeout.
    /// </summary>
    private void OnRejected(IncomingMessage message, string reason)
    {
        if (_multiplexer is { } multiplexer && EventCodec.TryReadOpeningId(message.Blob, out var requestId))
        {
            multiplexer.SendEvent(message.Envelope, MessageIdGenerator.Next(), requestId, null, EventNames.Error,
                new RemoteErrorInfo("InvalidMessage", $"the request was refused: {reason}", null), ReplyWriters.Error);
        }
    }

    private ChannelMultiplexer EnsureSocket()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            return _multiplexer ??= new ChannelMultiplexer(
                _socketFactory ?? (receive => new ZmtpTransportSocket(_kind, receive, _logger, _options.Security, _options.TimeProvider)),
                _kind == SocketKind.Router ? _options.Heartbeat : HeartbeatOptions.Disabled, _options.Limits, OnNewChannel, _logger,
                names: new NameTable(_methods.Keys), onRejected: _kind == SocketKind.Router ? OnRejected : null, time: _options.TimeProvider);
        }
    }

    private void CloseSocket(TimeSpan linger = default)
    {
        ChannelMultiplexer? multiplexer;
        lock (_gate)
        {
            multiplexer = _multiplexer;
        }
        multiplexer?.Close(linger);
    }

    /// <summary>Stops at once: calls in flight are cancelled and the socket closes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping = true;
        // Socket first: the calls cancelled next find their channels closed and answer nothing, so their callers
        // learn of the stop from the closed connection, not from an error the cancellation raised.
        CloseSocket();
        _hardStop.Cancel();
        _hardStop.Dispose();
        _workers.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
