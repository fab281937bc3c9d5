using Microsoft.Extensions.DependencyInjection;
using Showcase;
using Zask;
using Zask.Data;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc;

// The showcase: `dotnet run --project examples/Showcase [-- --bind ENDPOINT] [--advertise HOST] [--heartbeat SECONDS]
// [--metrics http://HOST:PORT/PATH]`. --metrics serves Prometheus metrics there; OTEL_EXPORTER_OTLP_ENDPOINT (or
// TELEMETRY_OTLP_ENDPOINT in the config) exports traces and metrics over OTLP. [--events ENDPOINT]: also publishes its events (user_added(username))
// on a ZeroRPC PUB socket there.
// SHOWCASE_STARTING_FAILURE (a config key, so also ZASK_SHOWCASE_STARTING_FAILURE): a starting hook fails with that
// message, to show a failed start: nothing serves, the message goes to stderr (and the error log) and the exit code is 1.
// With a `registry` in its ZERORPC_SHOWCASE entry it registers the bound endpoint there, with --advertise as the host.
// Settings come from ZASK_* environment variables and the file named by CONFIG_PATH; with a ZERORPC_SHOWCASE
// entry there, it binds to that entry's endpoints and enforces its client_keys.
string? bind = null;
string? advertise = null;
string? metrics = null;
string? events = null;
var heartbeat = HeartbeatOptions.Default;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--bind" when i + 1 < args.Length:
            bind = args[++i];
            break;
        case "--advertise" when i + 1 < args.Length:
            advertise = args[++i];
            break;
        case "--events" when i + 1 < args.Length:
            events = args[++i];
            break;
        case "--metrics" when i + 1 < args.Length:
            metrics = args[++i];
            break;
        case "--heartbeat" when i + 1 < args.Length:
            heartbeat = HeartbeatOptions.FromSeconds(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine($"usage: Showcase [--bind ENDPOINT] [--advertise HOST] [--heartbeat SECONDS] [--metrics URL] [--events ENDPOINT] (unknown argument '{args[i]}')");
            return 2;
    }
}

try
{
    return await ServeAsync(bind, advertise, heartbeat, metrics, events);
}
catch (ConfigException e)
{
    // A bad setting stops the showcase before it serves anything, with the entry and key named (exit code 3,
    // like the zask tool's configuration errors).
    Console.Error.WriteLine($"showcase: configuration error: {e.Message}");
    return 3;
}

static async Task<int> ServeAsync(string? bind, string? advertise, HeartbeatOptions heartbeat, string? metrics, string? events)
{
    await using var app = new ZaskApp(new ZaskAppOptions { Name = "showcase" });
    app.Config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///showcase.db";
    app.Config.FromEnvVar("CONFIG_PATH", optional: true);
    if (metrics is not null)
    {
        app.Config[Zask.Telemetry.TelemetryKeys.PrometheusEndpoint] = metrics;
    }
    if (advertise is not null)
    {
        // The address to register goes into the entry, where the ZeroRPC extension reads (and checks) it.
        const string entryKey = "ZERORPC_SHOWCASE";
        if (!app.Config.TryGetValue(entryKey, out var raw) || raw is not IReadOnlyDictionary<string, object?> entry)
        {
            throw new ConfigException($"--advertise needs a {entryKey} entry that names a registry");
        }
        var withAdvertise = entry.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        withAdvertise["advertise"] = advertise;
        app.Config[entryKey] = withAdvertise;
    }

    using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [typeof(ShowcaseUser).Assembly] });
    db.CreateAll();

    // A one-second interval job; job_runs() answers how many times it has run.
    var jobRuns = new JobRunCounter();
    app.Jobs.Every("showcase_tick", TimeSpan.FromSeconds(1), _ =>
    {
        jobRuns.Increment();
        return Task.CompletedTask;
    });

    var counter = new UserAddedCounter();
    app.Services.AddSingleton(counter);
    app.Events.Subscribe<UserEvents>();

    var rpc = new ZeroRpcExtension(app);
    rpc.RegisterMiddleware(new SessionMiddleware(db));
    var server = rpc.Server(new ShowcaseService(db, jobRuns, app.Events, counter), new ZeroRpcServerOptions { Heartbeat = heartbeat });
    if (events is not null)
    {
        Console.WriteLine($"showcase publishing events on {rpc.PublishEvents(events).Endpoint}");
    }
    if (bind is not null)
    {
        server.Bind(bind);
    }
    else if (!app.Config.ContainsKey(Zask.ZeroRpc.Extension.ServiceConfig.KeyFor(server.Name)))
    {
        server.Bind("tcp://127.0.0.1:4242");
    }
    server.EnsureBound();
    if (app.Config.TryGetValue("SHOWCASE_STARTING_FAILURE", out var failure) && failure is string { Length: > 0 } message)
    {
        app.OnStarting(_ => throw new InvalidOperationException(message));
    }
    // It says it serves once the app has started (the last started hook), never when a starting hook stopped it.
    var started = false;
    app.OnStarted(_ =>
    {
        started = true;
        Console.WriteLine($"showcase serving on {string.Join(", ", server.Endpoints)}");
    });
    // Built before it serves: from then on its calls are measured (with --metrics or OTEL_* set).
    app.Build();
    try
    {
        await app.RunAsync();
    }
    catch (Exception e) when (!started && e is not ConfigException)
    {
        Console.Error.WriteLine($"showcase: the app did not start: {e.Message}");
        return 1;
    }
    return 0;
}
