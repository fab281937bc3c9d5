using Zask;
using Zask.Data;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc;

namespace Orders;

/// <summary>How to build the service; the defaults are what <c>Program.cs</c> uses.</summary>
public sealed class OrdersAppOptions
{
    /// <summary>An endpoint to bind instead of the ZERORPC_ORDERS entry's (<c>tcp://127.0.0.1:*</c> picks a free port).</summary>
    public string? Bind { get; set; }

    /// <summary>Where settings files and relative paths are read from; default: the application's folder.</summary>
    public string? RootPath { get; set; }

    /// <summary>Settings applied after every file (ZASK_ environment variables still win).</summary>
    public IDictionary<string, object?> Settings { get; } = new Dictionary<string, object?>();
}

/// <summary>
/// The service put together: configuration, database, ZeroRPC server. Kept apart from <c>Program.cs</c> so that
/// tests can start the very same service in-process.
/// </summary>
public sealed class OrdersApp : IAsyncDisposable
{
    private OrdersApp(ZaskApp app, ZaskDb db, ZeroRpcServer server)
    {
        App = app;
        Db = db;
        Server = server;
    }

    /// <summary>The Zask application: configuration, logging, hosting.</summary>
    public ZaskApp App { get; }

    /// <summary>The database extension.</summary>
    public ZaskDb Db { get; }

    /// <summary>The ZeroRPC server, run by the app's host.</summary>
    public ZeroRpcServer Server { get; }

    /// <summary>The endpoints actually bound (a <c>*</c> port resolved).</summary>
    public IReadOnlyList<string> Endpoints => Server.Endpoints;

    /// <summary>Loads the settings, creates the missing tables and binds the server.</summary>
    public static OrdersApp Create(OrdersAppOptions? options = null)
    {
        options ??= new OrdersAppOptions();
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = options.RootPath });
        ZaskDb? db = null;
        try
        {
            // Later layers win: settings.json < dev.settings.json < $CONFIG_PATH < Settings < ZASK_* variables.
            app.Config.FromFile("settings.json");
            app.Config.FromFile("dev.settings.json", optional: true);
            app.Config.FromEnvVar("CONFIG_PATH", optional: true);
            foreach (var (key, value) in options.Settings)
            {
                app.Config[key] = value;
            }

            db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [typeof(Order).Assembly] });
            db.CreateAll();

            var rpc = new ZeroRpcExtension(app);
            rpc.RegisterMiddleware(new SessionMiddleware(db));
            var server = rpc.Server(new OrdersService(db));
            if (options.Bind is not null)
            {
                server.Bind(options.Bind);
            }
            // Without --bind: the endpoints of ZERORPC_ORDERS for the service's version. Binding now, not when the
            // host starts, makes a taken port fail here with a clear error.
            server.EnsureBound();
            return new OrdersApp(app, db, server);
        }
        catch
        {
            db?.Dispose();
            app.Dispose();
            throw;
        }
    }

    /// <summary>Serves until Ctrl-C, SIGTERM or <paramref name="cancellationToken"/>, then stops gracefully.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => App.RunAsync(cancellationToken);

    /// <summary>Starts serving in the background (tests).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Stops the server (calls in flight may finish), then releases the database and the logs.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        Db.Dispose();
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
