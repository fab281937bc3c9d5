using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zask;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:di-service
public class ShopOptions
{
    public string Product { get; set; } = "widgets";
}

/// <summary>The greeter's methods, as this app calls them (a typed client).</summary>
public interface IGreeterClient
{
    Task<string> HelloAsync(string name);                     // calls "hello"
}

[ZeroRpcService("shop", Version = "1.0")]
public class ShopService(ILogger<ShopService> logger, IGreeterClient greeter, IOptions<ShopOptions> options)
{
    public async Task<string> Order(string customer, int quantity)
    {
        logger.LogInformation("{Customer} orders {Quantity}", customer, quantity);
        var greeting = await greeter.HelloAsync(customer);    // a call to the greeter service
        return $"{greeting} {quantity} {options.Value.Product} are on their way.";
    }
}
#endregion

public static class DependencyInjection
{
    #region docs:di-app
    public static async Task RunShopAsync(string settingsPath, CancellationToken stop)
    {
        await using var app = new ZaskApp("shop");
        app.Config.FromFile(settingsPath);                     // holds ZERORPC_SHOP and ZERORPC_GREETER
        app.Services.Configure<ShopOptions>(o => o.Product = "teapots");
        app.Services.AddZeroRpc()
            .MapService<ShopService>()                         // a new ShopService for each call
            .AddClient<IGreeterClient>("greeter");             // ZERORPC_GREETER's endpoints, version and keys
        await app.RunAsync(stop);
    }
    #endregion

    public static void Lifetimes(ZaskApp app)
    {
        #region docs:di-lifetimes
        app.Services.AddZeroRpc()
            .MapService<ShopService>(ServiceLifetime.Scoped)   // the default: an instance and a scope per call
            .MapService<Greeter>(ServiceLifetime.Singleton,    // one instance for every call
                options => options.MaxCallThreads = 16);
        #endregion
    }

    public static async Task<string> EchoWithTimeoutAsync(ZeroRpcClient client, CancellationToken cancellationToken)
    {
        #region docs:di-call-options
        var options = new CallOptions(Timeout: TimeSpan.FromSeconds(2), CancellationToken: cancellationToken);
        var echoed = await client.CallWithOptionsAsync<string>("echo", options, "ping");
        #endregion
        return echoed;
    }
}
