using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:dispatch-attributes
public sealed class PricingService
{
    // Quick and never blocks: Auto moves it to the I/O thread after 64 fast calls.
    public decimal Quote(decimal amount, decimal rate) => Math.Round(amount * rate, 2);

    // Usually quick, but waits on a lock now and then: keep it off the I/O thread for good.
    [ZeroRpcDispatch(CallDispatch.ThreadPool)]
    public decimal Settle(decimal amount)
    {
        lock (Ledger)
        {
            Ledger.Add(amount);
            return Ledger.Sum();
        }
    }

    private List<decimal> Ledger { get; } = [];
}
#endregion

public static class Dispatch
{
    public static async Task<(decimal Quote, decimal Settled)> RunAsync()
    {
        #region docs:dispatch-options
        await using var server = new ZeroRpcServer(new PricingService(), new ZeroRpcServerOptions
        {
            // Auto (the default), ThreadPool (never on the I/O thread) or Inline (always, from the first call).
            Dispatch = CallDispatch.ThreadPool,
        });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        #endregion
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        var quote = await client.CallAsync<decimal>("quote", 10m, 1.2351m);
        var settled = await client.CallAsync<decimal>("settle", 5m);
        return (quote, settled);
    }
}
