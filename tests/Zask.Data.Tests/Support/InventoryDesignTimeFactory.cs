namespace Zask.Data.Tests.Support;

/// <summary>What an application's design-time factory looks like.</summary>
public sealed class InventoryDesignTimeFactory(string root) : ZaskDbDesignTimeFactory
{
    protected override ZaskDb CreateDb()
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "design", RootPath = root, EnvironmentPrefix = null });
        app.Config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///main.db";
        app.Config["SQLALCHEMY_BINDS"] = new Dictionary<string, object?> { ["inventory"] = "sqlite:///inventory.db" };
        return new ZaskDb(app);
    }
}
