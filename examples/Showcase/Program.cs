using Showcase;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;

var bind = "tcp://127.0.0.1:4242";
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

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

await using var server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions { Heartbeat = heartbeat });
var endpoint = server.Bind(bind);
Console.WriteLine($"showcase serving on {endpoint}");
await server.RunAsync(stop.Token);
return 0;
