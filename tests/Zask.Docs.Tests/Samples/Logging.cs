using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zask;

namespace DocsSamples;

#region docs:logging-injected
public sealed class PriceList(ILogger<PriceList> logger)
{
    public decimal PriceOf(string sku)
    {
        logger.LogDebug("Looking up {Sku}", sku);
        return 9.99m;
    }
}
#endregion

public static class Logging
{
    public static void WriteLogs(string root)
    {
        #region docs:logging-files
        using var app = new ZaskApp(new ZaskAppOptions { Name = "orders", RootPath = root });
        app.Config["DEBUG"] = false;                        // files instead of the console
        app.Config["ERROR_LOG"] = "logs/error.log";         // relative to app.RootPath
        app.Config["ZERORPC_ACCESS_LOG"] = "logs/access.log";

        app.Logger.LogInformation("Not written: below Error");
        try
        {
            throw new InvalidOperationException("the payment service is down");
        }
        catch (InvalidOperationException e)
        {
            app.Logger.LogError(e, "Order {OrderId} failed", 42);   // location from the stack trace
        }
        app.Logger.LogErrorAt(null, "No exception: the location is this line");
        app.AccessLog.Write("written as is");
        #endregion

        #region docs:logging-di
        app.Services.AddSingleton<PriceList>();
        app.Build();                                                         // also done by RunAsync
        var prices = app.ServiceProvider.GetRequiredService<PriceList>();   // gets an ILogger<PriceList>
        #endregion
        prices.PriceOf("A-1");
    }
}
