using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Zask.Data;
using Zask.ZeroRpc.Server;

namespace Orders;

/// <summary>
/// The ZeroRPC service. Public methods are served under snake_case names (<c>AddOrder</c> is <c>add_order</c>);
/// each call gets its own database session, ended by the <see cref="SessionMiddleware"/>.
/// </summary>
[ZeroRpcService("orders", Version = "1.0")]
public sealed class OrdersService
{
    private readonly ZaskDb _db;

    /// <summary>Creates the service on a database.</summary>
    public OrdersService(ZaskDb db) => _db = db;

    /// <summary>Stores an order and returns its id.</summary>
    [Description("Add an order and return its id (ValueError unless quantity > 0).")]
    public async Task<int> AddOrder(string customer, string item, int quantity = 1)
    {
        if (quantity <= 0)
        {
            // Raised before anything is written; a failure after Add would be rolled back by the middleware.
            throw new ZeroRpcException("ValueError", $"quantity must be positive, got {quantity}");
        }
        var order = _db.Session.Add(new Order { Customer = customer, Item = item, Quantity = quantity });
        // Committing is the method's job: the middleware discards whatever a successful call left uncommitted.
        await _db.Session.CommitAsync().ConfigureAwait(false);
        return order.Id;
    }

    /// <summary>Returns an order, or nil when there is none with that id.</summary>
    [Description("Return {id, customer, item, quantity, created_at} of an order, or nil.")]
    public async Task<OrderView?> GetOrder(int id)
    {
        var order = await _db.Query<Order>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id).ConfigureAwait(false);
        return order is null ? null : OrderView.Of(order);
    }

    /// <summary>Returns the order count, of one customer or of everyone.</summary>
    [Description("Return the order count (of one customer when given).")]
    public Task<int> OrderCount(string? customer = null) =>
        customer is null
            ? _db.Query<Order>().CountAsync()
            : _db.Query<Order>().CountAsync(o => o.Customer == customer);
}
