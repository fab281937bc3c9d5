using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Zask;
using Zask.Testing;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:testing-app
public interface IExchangeRates
{
    decimal Rate(string currency);
}

public sealed class FixedRates : IExchangeRates
{
    public decimal Rate(string currency) => currency == "EUR" ? 1.1m : 1m;
}

[ZeroRpcService("prices", Version = "1.0")]
public sealed class PricesService(IExchangeRates rates, PriceRefreshes refreshes)
{
    public decimal Convert(decimal amount, string currency) => amount * rates.Rate(currency);

    public int Refreshes() => refreshes.Count;

    [RequireRole("admin")]
    public string Purge() => "purged";
}

public sealed class PriceRefreshes
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}

public static class PricesApp
{
    // Program.cs calls it too: `await PricesApp.Create().RunAsync();`
    public static ZaskApp Create(string? root = null)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "prices", RootPath = root });
        app.Config.FromFile("settings.json", optional: true);
        app.Services.AddSingleton<IExchangeRates, FixedRates>();
        app.Services.AddSingleton<PriceRefreshes>();
        app.Services.AddZeroRpc().MapService<PricesService>();
        app.Jobs.Every("refresh_prices", TimeSpan.FromMinutes(1), job =>
        {
            job.Services.GetRequiredService<PriceRefreshes>().Add();
            return Task.CompletedTask;
        });
        return app;
    }
}
#endregion

#region docs:testing-client-interface
public interface IPrices
{
    Task<decimal> Convert(decimal amount, string currency);

    Task<int> Refreshes();
}
#endregion

public sealed class StubRates(decimal rate) : IExchangeRates
{
    public decimal Rate(string currency) => rate;
}

public static class TestingSamples
{
    public static async Task<(decimal ByName, decimal Typed)> CallAsync(string root)
    {
        #region docs:testing-host
        await using var host = new ZaskTestHost(() => PricesApp.Create(root))
            .WithConfig("DEBUG", false);
        await host.StartAsync();

        var client = host.CreateClient("prices");                  // calls by name
        var byName = await client.CallAsync<decimal>("convert", 10m, "EUR");
        var prices = host.CreateClient<IPrices>("prices");         // a typed client
        var typed = await prices.Convert(10m, "EUR");
        #endregion
        return (byName, typed);
    }

    public static async Task<decimal> ReplacedAsync(string root)
    {
        #region docs:testing-services
        await using var host = new ZaskTestHost(() => PricesApp.Create(root))
            .WithServices(services => services.AddSingleton<IExchangeRates>(new StubRates(2m))); // the last registration wins
        await host.StartAsync();

        var converted = await host.CreateClient<IPrices>("prices").Convert(10m, "EUR");   // 20: the stub's rate
        #endregion
        return converted;
    }

    public static async Task<int> JobsAsync(string root)
    {
        #region docs:testing-jobs
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 30, TimeSpan.Zero));
        await using var host = new ZaskTestHost(() => PricesApp.Create(root))
            .WithServices(services => services.AddSingleton<TimeProvider>(time));
        await host.StartAsync();
        var prices = host.CreateClient<IPrices>("prices");

        time.Advance(TimeSpan.FromSeconds(30));                    // 09:01:00, the job's next tick
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await prices.Refreshes() < 1)
        {
            await Task.Delay(10, deadline.Token);                  // the run happens on the thread pool
        }
        #endregion
        return await prices.Refreshes();
    }

    public static async Task<(string Refusal, string Purged)> RolesAsync(string root)
    {
        #region docs:testing-roles
        // The service's entry as production has it, with roles, calling with accessKey:
        static Dictionary<string, object?> Entry(string accessKey) => new()
        {
            ["1.0"] = "tcp://0.0.0.0:4242", ["default"] = "1.0", ["access_key"] = accessKey,
            ["client_keys"] = new[] { "k1", "ops_key" },
            ["roles"] = new Dictionary<string, object?> { ["admin"] = new[] { "ops_key" } },
        };
        await using var asOrders = await new ZaskTestHost(() => PricesApp.Create(root))
            .WithConfig("ZERORPC_PRICES", Entry("k1")).StartAsync();
        await using var asOps = await new ZaskTestHost(() => PricesApp.Create(root))
            .WithConfig("ZERORPC_PRICES", Entry("ops_key")).StartAsync();

        var refusal = "none";
        try
        {
            await asOrders.CreateClient("prices").CallAsync<string>("purge");
        }
        catch (RemoteException e)
        {
            refusal = e.Name;                                      // "Forbidden": k1 is not in the role admin
        }
        var purged = await asOps.CreateClient("prices").CallAsync<string>("purge");   // "purged"
        #endregion
        return (refusal, purged);
    }
}
