using Zask;
using Zask.Telemetry.Tests.ChainService;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Middleware;

// A link of a chain of services for the trace tests: `ChainService --bind ENDPOINT --name NAME [--next ENDPOINT]`
// (the showcase's way of taking --bind, so the tests start it alike). Telemetry is turned on by the environment
// (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME...), as for any Zask service.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
if (args.Length % 2 != 0 || !options.TryGetValue("--bind", out var bind) || !options.TryGetValue("--name", out var name))
{
    Console.Error.WriteLine("usage: ChainService --bind ENDPOINT --name NAME [--next ENDPOINT]");
    return 2;
}
await using var app = new ZaskApp(new ZaskAppOptions { Name = name });
var rpc = new ZeroRpcExtension(app);
ZeroRpcClient? next = null;
if (options.TryGetValue("--next", out var nextEndpoint))
{
    next = new ZeroRpcClient(new ZeroRpcClientOptions
    {
        ServiceName = "chain",
        Timeout = TimeSpan.FromSeconds(30),
        Context = new ZeroRpcContext(new RequestChainMiddleware()),
        LoggerFactory = app.LoggerFactory,
    });
    next.Connect(nextEndpoint);
}
var server = rpc.Server(new ChainLink(name, next, app.Logger), ChainLink.Options("chain"));
server.Bind(bind);
// Built (telemetry on) before it says it serves.
app.Build();
Console.WriteLine($"{name} serving on {string.Join(", ", server.Endpoints)}");
await app.RunAsync();
next?.Dispose();
return 0;
