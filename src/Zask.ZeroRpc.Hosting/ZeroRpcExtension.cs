using Microsoft.Extensions.Logging;
using Zask.Zmtp.Security;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc;

/// <summary>
/// The ZeroRPC extension of a <see cref="ZaskApp"/> (the original's <c>ZeroRPC(app)</c>): makes servers and clients
/// that find their endpoints, versions and keys in the app's configuration, log each call to the access log and
/// run with the app's host.
/// </summary>
/// <example>
/// <code>
/// var app = new ZaskApp("orders");
/// app.Config.FromFile("settings.json");
/// var rpc = new ZeroRpcExtension(app);
/// rpc.Server(new OrdersService());          // binds to ZERORPC_ORDERS's endpoints when the app runs
/// var users = rpc.Client("users");          // ZERORPC_USERS's default version
/// await app.RunAsync();
/// </code>
/// </example>
public sealed class ZeroRpcExtension : IZaskExtension
{
    /// <summary>The top-level key that turns coalesced CURVE boxes between Zask peers off (<c>false</c>); on by default.</summary>
    public const string CurveBatchingKey = "CURVE_BATCHING";

    /// <summary>The key under which the extension records itself in <see cref="ZaskApp.Extensions"/>.</summary>
    public const string ExtensionKey = "zerorpc";

    private readonly BuiltinMiddlewares _builtins;
    private readonly List<IZeroRpcMiddleware> _custom = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CallHooks> _serviceHooks = new(StringComparer.Ordinal);
    private readonly List<ZeroRpcServer> _servers = [];
    // The owner relation, not a shortcut past DI: the Flask-style calls (Server, Client) run before the app's container
    // exists and register hosted services with this app, and every server and client made here is this app's. What
    // the app holds (config, loggers, access log, grace period) is read through it at use time, never copied. The
    // DI registrations resolve the extension from the app's container (ZeroRpcBuilder).
    private ZaskApp? _app;

    /// <summary>Creates the extension with all the built-in middlewares, for <see cref="InitApp"/> later.</summary>
    public ZeroRpcExtension() : this(BuiltinMiddlewares.All)
    {
    }

    /// <summary>Creates the extension with the given built-in middlewares, for <see cref="InitApp"/> later.</summary>
    /// <param name="middlewares">The built-in middlewares to use; <see cref="BuiltinMiddlewares.None"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="middlewares"/> has a bit no middleware stands for.</exception>
    public ZeroRpcExtension(BuiltinMiddlewares middlewares)
    {
        if ((middlewares & ~BuiltinMiddlewares.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(middlewares), middlewares,
                $"not a combination of the built-in middlewares ({BuiltinMiddlewares.All})");
        }
        _builtins = middlewares;
    }

    /// <summary>Creates the extension for <paramref name="app"/> with all the built-in middlewares.</summary>
    public ZeroRpcExtension(ZaskApp app) : this()
    {
        InitApp(app);
    }

    /// <summary>Creates the extension for <paramref name="app"/> with the given built-in middlewares.</summary>
    /// <param name="app">The app whose configuration, logs and host the extension uses.</param>
    /// <param name="middlewares">The built-in middlewares to use; <see cref="BuiltinMiddlewares.None"/> for none.</param>
    public ZeroRpcExtension(ZaskApp app, BuiltinMiddlewares middlewares) : this(middlewares)
    {
        InitApp(app);
    }

    /// <summary>The app, once <see cref="InitApp"/> ran.</summary>
    public ZaskApp App => _app ?? throw new InvalidOperationException("The ZeroRpcExtension is not bound to an app: call InitApp(app) first.");

    /// <summary>The built-in middlewares every server and client of this extension gets.</summary>
    public BuiltinMiddlewares Middlewares => _builtins;

    /// <inheritdoc />
    public void InitApp(ZaskApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (_app is not null)
        {
            throw new InvalidOperationException("This ZeroRpcExtension is already bound to an app.");
        }
        _app = app;
        app.Extensions[ExtensionKey] = this;
        // Log lines written while a call is served carry its call id (the request chain's).
        app.LogCallId ??= static () => RequestChainMiddleware.CurrentCallId;
        if (!app.IsBuilt)
        {
            // Registered before any server, so a bad service entry stops the app before anything serves.
            app.AddHostedService(new ServiceConfigValidation(app.Config));
            // Health: every server's transport is one built-in check; Zask.Data adds the databases, users their own.
            Microsoft.Extensions.DependencyInjection.HealthCheckServiceCollectionExtensions.AddHealthChecks(app.Services)
                .Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("zerorpc", new ZeroRpcServersHealthCheck(_servers), null, null));
            app.AddHostedService(new HealthHttpEndpoint(app));
        }
    }

    /// <summary>Hooks around every call of every server of this extension (before those of <see cref="HooksFor"/>).</summary>
    public CallHooks Hooks { get; } = new();

    /// <summary>Hooks around every call of the service <paramref name="serviceName"/> (after those of <see cref="Hooks"/>).</summary>
    public CallHooks HooksFor(string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        // Keyed like the config entry: "some-service" and "SOME_SERVICE" are one service.
        return _serviceHooks.GetOrAdd(ServiceConfig.KeyFor(serviceName), _ => new CallHooks());
    }

    /// <summary>
    /// Publishes every event of the app's bus (<see cref="ZaskApp.Events"/>) on a ZeroRPC PUB socket bound at
    /// <paramref name="endpoint"/>: zerorpc subscribers (Zask, zerorpc-python, zerorpc-node) connected there receive
    /// each as a call of the event's name with its payload as arguments. A server whose entry has an <c>events</c>
    /// endpoint does this by itself. Stops with the app.
    /// </summary>
    /// <returns>The relay (its <see cref="EventRelay.Endpoint"/> is the endpoint bound); dispose it to stop sooner.</returns>
    public EventRelay PublishEvents(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var app = App;
        return Track(EventRelay.Publish(app.Events, endpoint, new ZeroRpcClientOptions { LoggerFactory = app.LoggerFactory }));
    }

    /// <summary>
    /// Receives the events <paramref name="serviceName"/> publishes (the <c>events</c> endpoint of its entry) and hands
    /// each to this app's handlers of that name (<see cref="ZaskApp.Events"/>); they are not published again. Stops
    /// with the app.
    /// </summary>
    /// <exception cref="MissingConfigException">There is no entry for the service.</exception>
    /// <exception cref="InvalidServiceConfigException">The entry has no <c>events</c> endpoint, or is invalid.</exception>
    public EventRelay SubscribeEvents(string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        var app = App;
        var entry = ServiceConfig.Read(app.Config, serviceName);
        var endpoint = EventsEndpoint(entry)
            ?? throw new InvalidServiceConfigException(entry.ConfigKey, "events", "none", "the endpoint the service publishes its events on (\"tcp://host:port\")",
                $"Subscribing to the events of '{serviceName}' needs it.");
        return Track(EventRelay.Subscribe(app.Events, endpoint, new ZeroRpcServerOptions { LoggerFactory = app.LoggerFactory, Name = serviceName + "-events" }));
    }

    // Events travel unencrypted for now: with CurveZMQ keys in the entry that would leak what the keys protect.
    private static string? EventsEndpoint(ServiceConfig entry) =>
        entry.Events is not null && (entry.ServerPublicKey is not null || entry.ServerSecretKey is not null)
            ? throw new InvalidServiceConfigException(entry.ConfigKey, "events", SafeText.Value(entry.Events),
                "no events endpoint beside CurveZMQ keys", "Events are not encrypted yet; they would bypass the keys.")
            : entry.Events;

    private EventRelay Track(EventRelay relay)
    {
        // Closed with the app, after its servers: events published while they drain still go out.
        App.OnStopped(async (_, _) => await relay.DisposeAsync().ConfigureAwait(false));
        return relay;
    }

    /// <summary>Adds a middleware to every server and client made from now on (after the built-in ones).</summary>
    public void RegisterMiddleware(IZeroRpcMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _custom.Add(middleware);
    }

    /// <summary>
    /// Makes a server for <paramref name="service"/>, registered with the app's host so that it runs (and stops
    /// gracefully) with the app. Without an explicit <see cref="ZeroRpcServer.Bind"/>, it binds to the endpoints
    /// its service entry lists for its version.
    /// </summary>
    /// <param name="service">The object whose public methods are served.</param>
    /// <param name="options">
    /// Server settings, left unchanged (the server gets a copy); their <c>Context</c>, when set, replaces the
    /// extension's middlewares.
    /// </param>
    /// <exception cref="InvalidServiceConfigException">A service entry has an unknown key or a value of the wrong shape.</exception>
    public ZeroRpcServer Server(object service, ZeroRpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var server = CreateServer(service, null, options);
        App.AddHostedService(HostedServiceFor(server));
        return server;
    }

    /// <summary>
    /// The hosted service that runs <paramref name="server"/>: one that also registers its endpoints when the
    /// service's entry names a registry.
    /// </summary>
    internal ZeroRpcServerHostedService HostedServiceFor(ZeroRpcServer server)
    {
        var app = App;
        lock (_servers)
        {
            _servers.Add(server);
        }
        server.ServeBuiltins(new HealthMethods(app));
        var entry = app.Config.TryGetValue(ServiceConfig.KeyFor(server.Name), out var raw) && raw is not null ? ServiceConfig.Read(app.Config, server.Name) : null;
        if (entry is not null && EventsEndpoint(entry) is { } events)
        {
            PublishEvents(events);
        }
        if (entry?.Registry is not { } registry)
        {
            return new ZeroRpcServerHostedService(server);
        }
        var version = server.Version ?? entry.DefaultVersion
            ?? throw new NoDefaultVersionException(entry.ConfigKey, $"{entry.ConfigKey} names a registry but neither the service nor the entry's \"default\" gives the version to register");
        return new ZeroRpcServerHostedService(server, registry, entry.Advertise, version, app.LoggerFactory);
    }

    /// <summary>
    /// Makes a server with the app's settings, not yet registered anywhere: for <paramref name="service"/> itself or,
    /// with an <paramref name="activator"/>, for a scoped service whose calls each get their own instance.
    /// </summary>
    internal ZeroRpcServer CreateServer(object service, ServiceActivator? activator, ZeroRpcServerOptions? options)
    {
        var app = App;
        // Every entry, not just this service's: a server must not bind while any entry is bad.
        ServiceConfig.ValidateAll(app.Config);
        // A copy: one options object may serve several services, and none must see another's name or keys.
        options = options?.Copy() ?? new ZeroRpcServerOptions();
        options.LoggerFactory ??= app.LoggerFactory;
        var descriptor = ServiceDescriptor.For(service.GetType(), options.Naming);
        var name = descriptor.ResolveName(service, options.Name);
        var version = descriptor.ResolveVersion(service, options.Version);
        options.Name = name;
        options.Version = version;
        if (options.Context is null)
        {
            options.Context = BuildContext(name, version);
            // Servers only, after every other middleware: the hooks see the call as the checks left it.
            options.Context.RegisterMiddleware(new CallHookMiddleware(Hooks, HooksFor(name),
                () => app.IsBuilt ? app.ServiceProvider : app.Build().Services, app.LoggerFactory.CreateLogger("Zask.ZeroRpc.CallHooks")));
        }
        options.Security ??= ServerSecurity(name);
        options.ShutdownGracePeriod = app.ShutdownGracePeriod;
        options.IncludeStackTraces ??= StackTracesInErrors(app.Config);
        return activator is null ? new ZeroRpcServer(service, options) : new ZeroRpcServer(service, activator, options);
    }

    /// <summary>
    /// Makes a client of <paramref name="serviceName"/>, connected to the endpoints its service entry lists for
    /// <paramref name="version"/> (or the default version). When the entry names a <c>registry</c>, the endpoints
    /// are those registered in etcd for that version, kept current by a watch; the first call waits for etcd's
    /// first answer within its timeout, later calls never wait on etcd.
    /// </summary>
    /// <exception cref="MissingConfigException">There is no entry for the service.</exception>
    /// <exception cref="InvalidServiceConfigException">The entry has an unknown key or a value of the wrong shape.</exception>
    /// <exception cref="UnknownVersionException">The entry has no such version.</exception>
    /// <exception cref="NoDefaultVersionException">No version was given and the entry has no default.</exception>
    public ZeroRpcClient Client(string serviceName, string? version = null, ZeroRpcClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        var app = App;
        options = options?.Copy() ?? new ZeroRpcClientOptions();
        options.LoggerFactory ??= app.LoggerFactory;
        options.ServiceName = serviceName;
        options.ServiceVersion = version;
        options.Context ??= BuildContext(serviceName, version);
        options.Security ??= ClientSecurity(serviceName);
        var client = new ZeroRpcClient(options);
        var entry = app.Config.ContainsKey(ServiceConfig.KeyFor(serviceName)) ? ServiceConfig.Read(app.Config, serviceName) : null;
        if (entry?.Registry is { } registry)
        {
            // Endpoints come from etcd: the first call waits (within its timeout) for the first answer.
            var resolved = version ?? entry.DefaultVersion
                ?? throw new NoDefaultVersionException(entry.ConfigKey, $"{entry.ConfigKey} names a registry but neither the call nor the entry's \"default\" gives the version to resolve");
            RegistryEndpointSource.Attach(client, registry, serviceName, resolved, options.LoggerFactory);
            return client;
        }
        try
        {
            client.Connect(_builtins.HasFlag(BuiltinMiddlewares.ConfigEndpoint)
                ? serviceName
                : ServiceConfig.Read(app.Config, serviceName).EndpointsFor(version)[0]);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return client;
    }

    /// <summary>
    /// Whether error replies carry stacks: only in debug mode, where the developer is the caller. A <c>DEBUG</c> that
    /// is not a bool counts as off, so a mistyped setting never shows a production server's code to its callers.
    /// </summary>
    // A malformed value stops the app naming the key (ConfigTypeException), like every other setting of the transport's security.
    private static bool CurveBatching(Config config) => config.GetValueOrDefault(CurveBatchingKey, true);

    private static bool StackTracesInErrors(Config config)
    {
        try
        {
            return config.GetValueOrDefault(ConfigKeys.Debug, true);
        }
        catch (ConfigTypeException)
        {
            return false;
        }
    }

    /// <summary>A context with this extension's middlewares for one server or client of a service.</summary>
    public ZeroRpcContext BuildContext(string serviceName, string? version)
    {
        var app = App;
        var context = new ZeroRpcContext();
        if (_builtins.HasFlag(BuiltinMiddlewares.ConfigEndpoint))
        {
            context.RegisterMiddleware(new ConfigEndpointMiddleware(app.Config, version));
        }
        if (_builtins.HasFlag(BuiltinMiddlewares.ConfigCustomHeader))
        {
            context.RegisterMiddleware(new CustomHeaderMiddleware(app.Config, serviceName, version));
            // With the access-key check it builds on: roles group the keys that client_keys accepts.
            context.RegisterMiddleware(new RoleMiddleware(app.Config, serviceName));
        }
        if (_builtins.HasFlag(BuiltinMiddlewares.RequestChain))
        {
            context.RegisterMiddleware(new RequestChainMiddleware());
        }
        if (_builtins.HasFlag(BuiltinMiddlewares.AccessLog))
        {
            context.RegisterMiddleware(new AccessLogMiddleware(app.AccessLog));
        }
        foreach (var middleware in _custom)
        {
            context.RegisterMiddleware(middleware);
        }
        return context;
    }

    private TransportSecurity? ServerSecurity(string serviceName)
    {
        if (!App.Config.ContainsKey(ServiceConfig.KeyFor(serviceName)))
        {
            return null;
        }
        var entry = ServiceConfig.Read(App.Config, serviceName);
        if (entry.ServerSecretKey is null)
        {
            // Clients holding the public key would talk CurveZMQ to a plaintext server: refuse to start like that.
            return entry.ServerPublicKey is null
                ? null
                : throw new InvalidServiceConfigException(entry.ConfigKey, "server_secret_key", "none",
                    "the server's secret key (or a server_key_file with a secret= line) beside its server_public_key",
                    "Without it the server would serve unencrypted.");
        }
        var keys = CurveKeyPair.FromSecretKeyZ85(entry.ServerSecretKey);
        if (entry.ServerPublicKey is not null && entry.ServerPublicKey != keys.PublicKeyZ85)
        {
            throw new InvalidServiceConfigException(entry.ConfigKey, "server_public_key",
                SafeText.Value(entry.ServerPublicKey) + ", which is not the public half of server_secret_key",
                "the public key of server_secret_key");
        }
        var security = entry.ClientPublicKeys is { } allowed
            ? TransportSecurity.ForServer(keys, allowed.Select(CurveKeyPair.DecodeKey))
            : TransportSecurity.ForServer(keys);
        return security.WithCurveBatching(CurveBatching(App.Config));
    }

    private TransportSecurity? ClientSecurity(string serviceName)
    {
        if (!App.Config.ContainsKey(ServiceConfig.KeyFor(serviceName)))
        {
            return null;
        }
        var entry = ServiceConfig.Read(App.Config, serviceName);
        return entry.ServerPublicKey is null ? null : TransportSecurity.ForClient(entry.ServerPublicKey).WithCurveBatching(CurveBatching(App.Config));
    }
}
