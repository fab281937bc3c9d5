using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zask.Data.Tests;

public class MigrationTests
{
    private static List<string> Columns(ZaskDb db, string bind, string table)
    {
        using var context = db.CreateContext(bind);
        var connection = context.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = context.Provider == DatabaseProvider.Sqlite
            ? $"SELECT name FROM pragma_table_info('{table}')"
            : $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Migrations_of_a_bind_create_and_alter_its_tables(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"), new Dictionary<string, object?> { ["inventory"] = env.NewUri("inventory") });
        using var db = env.Db(app, typeof(Gadget), typeof(User));

        using (var context = db.CreateContext("inventory"))
        {
            context.GetService<IMigrationsAssembly>().Migrations.Keys.Should().Equal("20250101000000_CreateGadget", "20250102000000_AddGadgetColor");
        }
        using (var context = db.CreateContext())
        {
            context.GetService<IMigrationsAssembly>().Migrations.Should().BeEmpty("the default database has no migrations");
        }

        db.Migrate("inventory", "20250101000000_CreateGadget");
        Columns(db, "inventory", "gadget").Should().Equal("Id", "Name");

        db.Migrate("inventory", "AddGadgetColor");
        Columns(db, "inventory", "gadget").Should().Equal("Id", "Name", "Color");
        DataEnv.Tables(db, "inventory").Should().Contain("__EFMigrationsHistory_inventory");
        using (var context = db.CreateContext("inventory"))
        {
            (await context.Database.GetAppliedMigrationsAsync()).Should().HaveCount(2);
        }

        db.Session.Add(new Gadget { Name = "widget", Color = "red" });
        await db.Session.CommitAsync();
        (await db.Query<Gadget>().SingleAsync()).Color.Should().Be("red");

        db.RemoveSession();
        db.Migrate("inventory", "CreateGadget");
        Columns(db, "inventory", "gadget").Should().Equal("Id", "Name");
        db.Migrate("inventory", "0");
        DataEnv.Tables(db, "inventory").Should().NotContain("gadget");
    }

    [Fact]
    public void The_design_time_factory_builds_the_context_of_the_bind_named_on_the_command_line()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var factory = new InventoryDesignTimeFactory(env.Root);
        using var inventory = factory.CreateDbContext(["--bind", "inventory"]);
        inventory.Bind.Should().Be("inventory");
        inventory.Model.FindEntityType(typeof(Gadget)).Should().NotBeNull();
        inventory.Model.FindEntityType(typeof(User)).Should().BeNull();
        using var main = factory.CreateDbContext([]);
        main.Bind.Should().BeNull();
        main.Model.FindEntityType(typeof(User)).Should().NotBeNull();
        ZaskDbDesignTimeFactory.ParseBind(["--bind=users"]).Should().Be("users");
        inventory.Db.Dispose();
        main.Db.Dispose();
    }
}
