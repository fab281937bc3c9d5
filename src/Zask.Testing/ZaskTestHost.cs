using Microsoft.Extensions.DependencyInjection;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;

namespace Zask.Testing;

/// <summary>
/// Runs a Zask app inside the test, like ASP.NET Core's <c>WebApplicationFactory</c> or Flask's
/// <c>test_client()</c>: the app comes from the application's own factory, with configuration overrides and replaced
/// services, and its ZeroRPC services are reached through clients over <c>inproc://</c> — no port is opened.
/// Middlewares, access keys, roles, CurveZMQ, call and app-life hooks, validation, events, jobs and the database work as
/// in production.
/// </summary>
/// <remarks>
/// Overrides are pinned (<see cref="Config.Pin"/>) when the factory creates the app, so they win over every file
/// the factory loads and over <c>ZASK_</c> variables. <c>ZERORPC_INPROC</c> is pinned to a name unique to this
/// host: every version of every <c>ZERORPC_&lt;SERVICE&gt;</c> entry then binds and connects at
/// <c>inproc://NAME/SERVICE/VERSION/N</c>. A server bound with an explicit <c>Bind("tcp://...")</c> still uses that
/// endpoint; let it bind from its entry instead.
/// </remarks>
/// <example>
/// <code>
/// await using var host = new ZaskTestHost(() => OrdersApp.Create(args: []))
///     .WithConfig("SQLALCHEMY_DATABASE_URI", "sqlite:///:memory:")
///     .WithServices(services => services.AddSingleton&lt;IPayments&gt;(new FakePayments()));
/// await host.StartAsync();
/// var orders = host.CreateClient&lt;IOrders&gt;("orders");
/// var id = await orders.AddOrder("alice", "book", 2);
/// </code>
/// </example>
public sealed class ZaskTestHost : IAsyncDisposable
{
    private readonly Func<ZaskApp> _createApp;
    private readonly Dictionary<string, object?> _config = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<ZeroRpcClient> _clients = [];
    private readonly Lock _sync = new();
    private ZaskApp? _app;
    private bool _disposed;

    /// <summary>Creates a host for the app <paramref name="createApp"/> makes (the application's own factory).</summary>
    /// <param name="createApp">
    /// Makes the app: loads its settings, adds its extensions and services. It must create the <see cref="ZaskApp"/>
    /// itself, while the host watches (<see cref="ZaskApp.Observe"/>).
    /// </param>
    public ZaskTestHost(Func<ZaskApp> createApp)
    {
        ArgumentNullException.ThrowIfNull(createApp);
        _createApp = createApp;
        InprocName = "zask-test-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The name under which this host's services are bound in process (<c>inproc://NAME/...</c>).</summary>
    public string InprocName { get; }

    /// <summary>The running app.</summary>
    /// <exception cref="InvalidOperationException">The host has not been started.</exception>
    public ZaskApp App => _app ?? throw new InvalidOperationException("The test host has not started its app yet: await StartAsync() first.");

    /// <summary>The app's services, to resolve what a test inspects.</summary>
    public IServiceProvider Services => App.ServiceProvider;

    /// <summary>Overrides a setting, whatever the app's files and <c>ZASK_</c> variables say.</summary>
    /// <param name="key">A config key (for example <c>SQLALCHEMY_DATABASE_URI</c>).</param>
    /// <param name="value">Its value in the test.</param>
    /// <returns>This host.</returns>
    public ZaskTestHost WithConfig(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ThrowIfStarted();
        _config[key] = value;
        return this;
    }

    /// <summary>
    /// Changes the app's services after its own registrations, before its host is built: replace a dependency with
    /// a fake, a <see cref="TimeProvider"/> with a FakeTimeProvider to drive jobs...
    /// </summary>
    /// <param name="configure">Changes to the service collection.</param>
    /// <returns>This host.</returns>
    public ZaskTestHost WithServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ThrowIfStarted();
        _services.Add(configure);
        return this;
    }

    /// <summary>Creates the app through the factory, with the overrides, and starts it.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    /// <returns>This host, started.</returns>
    /// <exception cref="InvalidOperationException">Already started, or the factory did not create a new app.</exception>
    public async Task<ZaskTestHost> StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfStarted();
        var observer = new Observer(this);
        ZaskApp app;
        using (ZaskApp.Observe(observer))
        {
            app = _createApp();
        }
        if (app is null || !ReferenceEquals(app, observer.Created))
        {
            throw new InvalidOperationException("The factory given to ZaskTestHost must create the ZaskApp itself when called (not return one made earlier), so the host can apply its overrides.");
        }
        _app = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return this;
    }

    /// <summary>
    /// A client of <paramref name="serviceName"/> over <c>inproc://</c>, set up from its config entry the way another
    /// service of the app would call it (access key, CurveZMQ key, middlewares). Call methods by name with
    /// <see cref="ZeroRpcClient.CallAsync(string, object?[])"/>. Disposed with the host.
    /// </summary>
    /// <param name="serviceName">The service, as in its <c>ZERORPC_&lt;NAME&gt;</c> entry.</param>
    /// <param name="version">The version; the entry's default when null.</param>
    /// <param name="options">Client settings (timeout...).</param>
    /// <returns>The client.</returns>
    public ZeroRpcClient CreateClient(string serviceName, string? version = null, ZeroRpcClientOptions? options = null)
    {
        var client = Extension.Client(serviceName, version, options);
        lock (_sync)
        {
            _clients.Add(client);
        }
        return client;
    }

    /// <summary>A typed client of <paramref name="serviceName"/>: <typeparamref name="TClient"/> is an interface of its methods.</summary>
    /// <typeparam name="TClient">The interface.</typeparam>
    /// <param name="serviceName">The service, as in its <c>ZERORPC_&lt;NAME&gt;</c> entry.</param>
    /// <param name="version">The version; the entry's default when null.</param>
    /// <param name="options">Client settings (timeout...).</param>
    /// <returns>The typed client.</returns>
    public TClient CreateClient<TClient>(string serviceName, string? version = null, ZeroRpcClientOptions? options = null)
        where TClient : class =>
        CreateClient(serviceName, version, options).As<TClient>();

    /// <summary>Closes the clients, stops the app gracefully and disposes it with the extensions bound to it.</summary>
    /// <returns>A task completing when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        ZeroRpcClient[] clients;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            clients = [.. _clients];
        }
        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        if (_app is not { } app)
        {
            return;
        }
        await app.StopAsync().ConfigureAwait(false);
        var extensions = app.Extensions.Values.Distinct().ToArray();
        await app.DisposeAsync().ConfigureAwait(false);
        // The factory's extensions (a ZaskDb and its connections...) would end with the process; here, with the host.
        foreach (var extension in extensions)
        {
            if (extension is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (extension is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private ZeroRpcExtension Extension =>
        App.Extensions.TryGetValue(ZeroRpcExtension.ExtensionKey, out var bound) && bound is ZeroRpcExtension extension
            ? extension
            : throw new InvalidOperationException("The app has no ZeroRPC extension (new ZeroRpcExtension(app) or app.Services.AddZeroRpc()), so it serves nothing to call.");

    private void ThrowIfStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null)
        {
            throw new InvalidOperationException("The test host has started: configure it before StartAsync().");
        }
    }

    /// <summary>Applies the host's overrides to the app the factory creates.</summary>
    private sealed class Observer(ZaskTestHost host) : IZaskAppObserver
    {
        public ZaskApp? Created { get; private set; }

        public void OnCreated(ZaskApp app)
        {
            if (Created is not null)
            {
                // A second app made by the factory (a client app...) is left as it is.
                return;
            }
            Created = app;
            app.Config.Pin(ServiceConfig.InprocKey, host.InprocName);
            foreach (var (key, value) in host._config)
            {
                app.Config.Pin(key, value);
            }
        }

        public void OnBuilding(ZaskApp app)
        {
            if (!ReferenceEquals(app, Created))
            {
                return;
            }
            foreach (var configure in host._services)
            {
                configure(app.Services);
            }
        }
    }
}
