using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zask;
using Zask.Data;
using Zask.Testing;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace DocsSamples.Packages;

// The C# blocks of the packages' READMEs (src/*/README.md, shown on each package's NuGet page), compiled here.
// A ZaskDb finds the models of the assembly that creates it, so the docs samples' databases map these models too:
// their tables must not clash with those of Data.cs (its Post has "post"; the README's is an Article).

#region docs:package-data-models
[Index(nameof(Username), IsUnique = true)]
public class User : Model { public int Id { get; set; } public string Username { get; set; } = ""; }

public class Category : Model
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public List<Article> Articles { get; set; } = [];
}

public class Article : Model
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime PubDate { get; set; } = DateTime.UtcNow;   // UTC: PostgreSQL stores timestamptz
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
}
#endregion

public sealed class BlogService(ZaskDb db)
{
    public Task<int> CountUsers() => db.Query<User>().CountAsync();
}

public interface IMyService
{
    Task<User?> GetUser(int id);
}

public sealed class MyService
{
    public User? GetUser(int id) => new() { Id = id, Username = "user" + id };

    public IEnumerable<int> Range(int count) => Enumerable.Range(0, count);
}

public sealed class OrdersService
{
    public string Ping() => "pong";
}

public sealed class MyServer : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

public static class OrdersApp
{
    public static ZaskApp Create()
    {
        var app = new ZaskApp("orders");
        new ZeroRpcExtension(app).Server(new OrdersService());
        return app;
    }
}

public static class PackageReadmes
{
    public static async Task Zask(string[] args)
    {
        #region docs:package-zask
        await using var app = ZaskApp.Create(args);           // or new ZaskApp("orders")
        app.Config.FromFile("settings.json");                 // relative to app.RootPath
        app.Config.FromFile("dev.settings.json", optional: true);
        app.Config.FromEnvVar("CONFIG_PATH", optional: true);
        app.Logger.LogInformation("Config loaded");
        app.Services.AddHostedService<MyServer>();
        await app.RunAsync();                                  // until Ctrl-C / SIGTERM / StopAsync / token
        #endregion
    }

    public static async Task Protocol(CancellationToken cancellationToken)
    {
        #region docs:package-zerorpc
        await using var server = new ZeroRpcServer(new MyService());
        server.Bind("tcp://0.0.0.0:4242");
        await server.RunAsync(cancellationToken);

        await using var client = new ZeroRpcClient();
        client.Connect("tcp://127.0.0.1:4242");
        var user = await client.CallAsync<User>("get_user", 42);
        await foreach (var n in client.StreamAsync<int>("range", 10)) { }
        var typed = client.As<IMyService>();
        #endregion
        _ = (user, typed);
    }

    public static async Task Hosting()
    {
        #region docs:package-hosting
        var app = new ZaskApp("orders");
        app.Config.FromFile("settings.json");
        var rpc = new ZeroRpcExtension(app);          // or app.Services.AddZeroRpc().MapService<OrdersService>()
        rpc.Server(new OrdersService());              // binds to ZERORPC_ORDERS's endpoints when the app runs
        var users = rpc.Client("users");              // ZERORPC_USERS's default version
        await app.RunAsync();
        #endregion
        _ = users;
    }

    public static async Task Testing()
    {
        #region docs:package-testing
        await using var host = new ZaskTestHost(() => OrdersApp.Create())
            .WithConfig("SQLALCHEMY_DATABASE_URI", "sqlite:///:memory:");
        await host.StartAsync();
        var client = host.CreateClient("orders");
        var id = await client.CallAsync<int>("add_order", "alice", "book", 2);
        #endregion
        _ = id;
    }

    public static async Task Data()
    {
        #region docs:package-data-setup
        var app = new ZaskApp("blog");
        app.Config.FromFile("settings.json");
        var db = new ZaskDb(app);                      // reads SQLALCHEMY_DATABASE_URI / SQLALCHEMY_BINDS
        db.CreateAll();

        db.Session.Add(new User { Username = "admin" });
        await db.Session.CommitAsync();
        var admin = await db.Query<User>().FirstOrDefaultAsync(u => u.Username == "admin");

        var server = new ZeroRpcServer(new BlogService(db));
        server.Context.RegisterMiddleware(new SessionMiddleware(db));   // one session per call
        #endregion
        _ = admin;
        await server.DisposeAsync();
    }
}
