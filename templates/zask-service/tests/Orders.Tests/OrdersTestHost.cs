using Zask;
using Zask.Testing;
using Zask.ZeroRpc.Client;

namespace Orders.Tests;

/// <summary>
/// The service started inside the test process by Zask.Testing's host, from the very factory Program.cs uses: its
/// settings.json, access keys and middlewares, with a fresh in-memory database, reached over inproc:// (no port).
/// </summary>
public static class OrdersTestHost
{
    /// <summary>Starts the service; <paramref name="configure"/> may override more settings or replace services.</summary>
    public static Task<ZaskTestHost> StartAsync(Action<ZaskTestHost>? configure = null)
    {
        var host = new ZaskTestHost(() => OrdersApp.Create().App)
            .WithConfig("SQLALCHEMY_DATABASE_URI", "sqlite:///:memory:");
        configure?.Invoke(host);
        return host.StartAsync();
    }

    /// <summary>A client of the service, sending the access key of its ZERORPC_ORDERS entry.</summary>
    public static ZeroRpcClient Client(this ZaskTestHost host) => host.CreateClient("orders", options: ClientOptions());

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
}
