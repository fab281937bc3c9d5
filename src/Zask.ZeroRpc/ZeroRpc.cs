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
/// var rpc = new ZeroRpc(app);
/// rpc.Server(new OrdersService());          // binds to ZERORPC_ORDERS's endpoints when the app runs
/// var users = rpc.Client("users");          // ZERORPC_USERS's default version
/// await app.RunAsync();
/// </code>
/// </example>
public sealed class ZeroRpc : IZaskExtension
{
    /// <summary>The key under which the extension records itself in <see cref="ZaskApp.Extensions"/>.</summary>
    public const string ExtensionKey = "zerorpc";

    private readonly IReadOnlyList<string> _builtins;
    private readonly List<IZeroRpcMiddleware> _custom = [];
    private ZaskApp? _app;

    /// <summary>Creates the extension with the default middlewares, for <see cref="InitApp"/> later.</summary>
    public ZeroRpc() : this(BuiltinMiddleware.Defaults)
    {
    }

    /// <summary>Creates the extension with the given built-in middlewares (<c>null</c> turns them all off).</summary>
    /// <param name="middlewares">Names from <see cref="BuiltinMiddleware"/>.</param>
    public ZeroRpc(IEnumerable<string>? middlewares)
    {
        _builtins = middlewares?.ToArray() ?? [];
        foreach (var name in _builtins)
        {
            if (!BuiltinMiddleware.Defaults.Contains(name))
            {
                throw new ArgumentException($"unknown middleware '{name}'; the built-in ones are {string.Join(", ", BuiltinMiddleware.Defaults)}", nameof(middlewares));
            }
        }
    }

    /// <summary>Creates the extension for <paramref name="app"/> with the default middlewares.</summary>
    public ZeroRpc(ZaskApp app) : this()
    {
        InitApp(app);
    }

    /// <summary>Creates the extension for <paramref name="app"/> with the given built-in middlewares (<c>null</c>: none).</summary>
    public ZeroRpc(ZaskApp app, IEnumerable<string>? middlewares) : this(middlewares)
    {
        InitApp(app);
    }

    /// <summary>The app, once <see cref="InitApp"/> ran.</summary>
    public ZaskApp App => _app ?? throw new InvalidOperationException("The ZeroRpc extension is not bound to an app: call InitApp(app) first.");

    /// <summary>The built-in middlewares every server and client of this extension gets.</summary>
    public IReadOnlyList<string> Middlewares => _builtins;

    /// <inheritdoc />
    public void InitApp(ZaskApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (_app is not null)
        {
            throw new InvalidOperationException("This ZeroRpc extension is already bound to an app.");
        }
        _app = app;
        app.Extensions[ExtensionKey] = this;
        if (!app.IsBuilt)
        {
            // Registered before any server, so a bad service entry stops the app before anything serves.
            app.AddHostedService(new ServiceConfigValidation(app.Config));
        }
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
    /// <param name="options">Server settings; their <c>Context</c>, when set, replaces the extension's middlewares.</param>
    /// <exception cref="InvalidServiceConfigException">A service entry has an unknown key or a value of the wrong shape.</exception>
    public ZeroRpcServer Server(object service, ZeroRpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var app = App;
        // Every entry, not just this service's: a server must not bind while any entry is bad.
        ServiceConfig.ValidateAll(app.Config);
        options ??= new ZeroRpcServerOptions();
        options.LoggerFactory ??= app.LoggerFactory;
        var descriptor = ServiceDescriptor.For(service.GetType(), options.Naming);
        var name = descriptor.ResolveName(service, options.Name);
        var version = descriptor.ResolveVersion(service, options.Version);
        options.Name = name;
        options.Version = version;
        options.Context ??= BuildContext(name, version);
        options.Security ??= ServerSecurity(name);
        options.ShutdownGracePeriod = app.ShutdownGracePeriod;
        options.IncludeStackTraces ??= StackTracesInErrors(app.Config);
        var server = new ZeroRpcServer(service, options);
        app.AddHostedService(new ZeroRpcServerHostedService(server));
        return server;
    }

    /// <summary>
    /// Makes a client of <paramref name="serviceName"/>, connected to the endpoints its service entry lists for
    /// <paramref name="version"/> (or the default version).
    /// </summary>
    /// <exception cref="MissingConfigException">There is no entry for the service.</exception>
    /// <exception cref="InvalidServiceConfigException">The entry has an unknown key or a value of the wrong shape.</exception>
    /// <exception cref="UnknownVersionException">The entry has no such version.</exception>
    /// <exception cref="NoDefaultVersionException">No version was given and the entry has no default.</exception>
    public ZeroRpcClient Client(string serviceName, string? version = null, ZeroRpcClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        var app = App;
        options ??= new ZeroRpcClientOptions();
        options.LoggerFactory ??= app.LoggerFactory;
        options.ServiceName = serviceName;
        options.ServiceVersion = version;
        options.Context ??= BuildContext(serviceName, version);
        options.Security ??= ClientSecurity(serviceName);
        var client = new ZeroRpcClient(options);
        try
        {
            client.Connect(_builtins.Contains(BuiltinMiddleware.ConfigEndpoint)
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
        foreach (var name in _builtins)
        {
            context.RegisterMiddleware(name switch
            {
                BuiltinMiddleware.ConfigEndpoint => new ConfigEndpointMiddleware(app.Config, version),
                BuiltinMiddleware.ConfigCustomHeader => new CustomHeaderMiddleware(app.Config, serviceName, version),
                BuiltinMiddleware.RequestChain => new RequestChainMiddleware(),
                BuiltinMiddleware.AccessLog => new AccessLogMiddleware(app.AccessLog),
                _ => throw new InvalidOperationException($"unknown middleware '{name}'"),
            });
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
        return entry.ClientPublicKeys is { } allowed
            ? TransportSecurity.ForServer(keys, allowed.Select(CurveKeyPair.DecodeKey))
            : TransportSecurity.ForServer(keys);
    }

    private TransportSecurity? ClientSecurity(string serviceName)
    {
        if (!App.Config.ContainsKey(ServiceConfig.KeyFor(serviceName)))
        {
            return null;
        }
        var entry = ServiceConfig.Read(App.Config, serviceName);
        return entry.ServerPublicKey is null ? null : TransportSecurity.ForClient(entry.ServerPublicKey);
    }
}
