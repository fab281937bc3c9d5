using Showcase;
using Zask;
using Zask.Data;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc;

// The showcase: `dotnet run --project examples/Showcase [-- --bind ENDPOINT] [--heartbeat SECONDS]`.
// Settings come from ZASK_* environment variables and the file named by CONFIG_PATH; with a ZERORPC_SHOWCASE
// entry there, it binds to that entry's endpoints and enforces its client_keys.
string? bind = null;
var heartbeat = HeartbeatOptions.Default;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--bind" when i + 1 < args.Length:
            bind = args[++i];
            break;
        case "--heartbeat" when i + 1 < args.Length:
            heartbeat = HeartbeatOptions.FromSeconds(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine($"usage: Showcase [--bind ENDPOINT] [--heartbeat SECONDS] (unknown argument '{args[i]}')");
            return 2;
    }
}

try
{
    return await ServeAsync(bind, heartbeat);
}
catch (ConfigException e)
{
    // A bad setting stops the showcase before it serves anything, with the entry and key named (exit code 3,
    // like the zask tool's configuration errors).
    Console.Error.WriteLine($"showcase: configuration error: {e.Message}");
    return 3;
}

static async Task<int> ServeAsync(string? bind, HeartbeatOptions heartbeat)
{
    await using var app = new ZaskApp(new ZaskAppOptions { Name = "showcase" });
    app.Config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///showcase.db";
    app.Config.FromEnvVar("CONFIG_PATH", optional: true);

    using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [typeof(ShowcaseUser).Assembly] });
    db.CreateAll();

    var rpc = new ZeroRpcExtension(app);
    rpc.RegisterMiddleware(new SessionMiddleware(db));
    var server = rpc.Server(new ShowcaseService(db), new ZeroRpcServerOptions { Heartbeat = heartbeat });
    if (bind is not null)
    {
        server.Bind(bind);
    }
    else if (!app.Config.ContainsKey(Zask.ZeroRpc.Extension.ServiceConfig.KeyFor(server.Name)))
    {
        server.Bind("tcp://127.0.0.1:4242");
    }
    server.EnsureBound();
    Console.WriteLine($"showcase serving on {string.Join(", ", server.Endpoints)}");
    await app.RunAsync();
    return 0;
}
