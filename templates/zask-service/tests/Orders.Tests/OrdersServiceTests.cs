using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Orders.Tests;

/// <summary>The service's methods, called over ZeroRPC against the service running in this process.</summary>
public class OrdersServiceTests
{
    [Fact]
    public async Task Each_added_order_can_be_read_back_and_counted()
    {
        await using var host = await OrdersTestHost.StartAsync();
        var client = host.Client();

        var first = await client.CallAsync<int>("add_order", "alice", "book", 2);
        var second = await client.CallAsync<int>("add_order", "bob", "pen");
        Assert.NotEqual(first, second);

        var order = await client.CallAsync<Dictionary<string, object?>>("get_order", first);
        Assert.Equal("alice", order["customer"]);
        Assert.Equal("book", order["item"]);
        Assert.Equal(2L, Convert.ToInt64(order["quantity"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Convert.ToInt64((await client.CallAsync<Dictionary<string, object?>>("get_order", second))["quantity"], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, await client.CallAsync<int>("order_count"));
        Assert.Equal(1, await client.CallAsync<int>("order_count", "alice"));
    }

    [Fact]
    public async Task An_unknown_order_is_nil()
    {
        await using var host = await OrdersTestHost.StartAsync();
        Assert.Null(await host.Client().CallAsync<object?>("get_order", 12345));
    }

    [Fact]
    public async Task A_refused_order_is_a_ValueError_and_stores_nothing()
    {
        await using var host = await OrdersTestHost.StartAsync();
        var client = host.Client();
        var error = await Assert.ThrowsAsync<RemoteException>(() => client.CallAsync<int>("add_order", "alice", "book", 0));
        Assert.Equal("ValueError", error.Name);
        Assert.Equal(0, await client.CallAsync<int>("order_count"));
    }

    [Fact]
    public async Task A_caller_with_a_key_not_in_client_keys_is_refused()
    {
        // The entry the app reads, with an access key its client_keys do not list: the host's client sends it.
        await using var host = await OrdersTestHost.StartAsync(h => h.WithConfig("ZERORPC_ORDERS", new Dictionary<string, object?>
        {
            ["1.0"] = "tcp://127.0.0.1:5000",
            ["default"] = "1.0",
            ["access_key"] = "not_a_client_key",
            ["client_keys"] = new[] { "orders_client_key" },
        }));
        var error = await Assert.ThrowsAsync<RemoteException>(() => host.Client().CallAsync<int>("order_count"));
        Assert.Equal("NoSuchAccessKey", error.Name);
    }
}
