using Zask.Data;

namespace Orders;

/// <summary>An order, stored in the embedded SQLite database (table <c>purchase_order</c>).</summary>
public class Order : Model
{
    /// <summary>The table name (SQLAlchemy's <c>__tablename__</c>); the default, <c>order</c>, is an SQL keyword.</summary>
    public static string TableName => "purchase_order";

    /// <summary>The id the database assigns.</summary>
    public int Id { get; set; }

    /// <summary>Who ordered.</summary>
    public string Customer { get; set; } = "";

    /// <summary>What was ordered.</summary>
    public string Item { get; set; } = "";

    /// <summary>How many.</summary>
    public int Quantity { get; set; }

    /// <summary>When the order was taken (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>What <c>get_order</c> answers: a map <c>{id, customer, item, quantity, created_at}</c>.</summary>
public sealed record OrderView(int Id, string Customer, string Item, int Quantity, string CreatedAt)
{
    /// <summary>The view of a stored order; the time as ISO 8601 text, which every ZeroRPC client can read.</summary>
    public static OrderView Of(Order order) =>
        new(order.Id, order.Customer, order.Item, order.Quantity, order.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
