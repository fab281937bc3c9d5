using Zask;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc;

namespace Orders.Tests;

/// <summary>
/// The service running inside the test process on a free port, with its own database file, and a client set up the
/// way another service would call it: from a ZERORPC_ORDERS entry with the endpoint and access key.
/// </summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ZaskApp _clientApp;

    private InProcessService(string folder, OrdersApp service, ZaskApp clientApp, ZeroRpcClient client)
    {
        _folder = folder;
        Service = service;
        _clientApp = clientApp;
        Client = client;
    }

    /// <summary>The running service.</summary>
    public OrdersApp Service { get; }

    /// <summary>A client sending the configured access key.</summary>
    public ZeroRpcClient Client { get; }

    /// <summary>A temporary folder for this test, removed with it.</summary>
    public string Folder => _folder;

    /// <summary>The endpoint the service is bound to.</summary>
    public string Endpoint => Service.Endpoints[0];

    /// <summary>Starts the service from its real settings.json, with the endpoint and database overridden.</summary>
    public static async Task<InProcessService> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("orders-test-").FullName;
        var options = new OrdersAppOptions { Bind = "tcp://127.0.0.1:*" };
        // Four slashes: an absolute path. Each test gets a fresh database.
        options.Settings["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + Path.Combine(folder, "orders.db");
        var service = OrdersApp.Create(options);
        await service.StartAsync();

        var accessKey = ServiceConfig.Read(service.App.Config, "orders").AccessKey;
        var clientApp = ClientApp(folder, service.Endpoints[0], accessKey);
        var client = new ZeroRpcExtension(clientApp).Client("orders", options: ClientOptions());
        return new InProcessService(folder, service, clientApp, client);
    }

    /// <summary>
    /// Client settings for the tests: a generous call timeout, as the first call builds the EF Core model and JITs a
    /// lot of code, which a busy CI machine can make take many seconds.
    /// </summary>
    public static ZeroRpcClientOptions ClientOptions() => new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A caller's app whose ZERORPC_ORDERS entry points at <paramref name="endpoint"/>.</summary>
    public static ZaskApp ClientApp(string folder, string endpoint, string? accessKey)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "orders-test-client", RootPath = folder, EnvironmentPrefix = null });
        app.Config["ZERORPC_ORDERS"] = new Dictionary<string, object?>
        {
            ["1.0"] = endpoint,
            ["default"] = "1.0",
            ["access_key"] = accessKey,
        };
        return app;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _clientApp.DisposeAsync();
        await Service.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held for a moment; it is in the temp folder anyway.
        }
    }
}
