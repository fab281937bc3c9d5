namespace Zask.Data.Tests.Models;

/// <summary>A model whose table is made by migrations (see Migrations/Inventory).</summary>
[BindKey("inventory")]
public class Gadget : Model
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Color { get; set; }
}
