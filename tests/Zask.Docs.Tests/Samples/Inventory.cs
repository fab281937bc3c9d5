using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:inventory-service
[ZeroRpcService("inventory", Version = "1.0")]
public sealed class InventoryService(string instance = "inventory-1")
{
    public string Instance() => instance;                                     // which instance answered

    public string CallId() => RequestChainMiddleware.CurrentCallId ?? "";     // the request chain's id

    public async Task<long> Reserve(string sku, long quantity, CancellationToken cancellationToken)
    {
        await Task.Delay(300, cancellationToken);                             // pretend to work
        return quantity;
    }
}
#endregion

#region docs:orders-service
[ZeroRpcService("orders", Version = "1.0")]
public sealed class OrdersService(ZeroRpcClient inventory)
{
    public async Task<bool> PlaceOrder(string sku)
    {
        var mine = RequestChainMiddleware.CurrentCallId;              // adopted from our caller, or new
        var theirs = await inventory.CallAsync<string>("call_id");    // the inventory sees the same id
        await inventory.CallAsync<long>("reserve", sku, 1);
        return mine == theirs;
    }
}
#endregion
