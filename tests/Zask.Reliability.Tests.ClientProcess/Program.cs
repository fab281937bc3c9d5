using System.Globalization;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;

// A client the reliability tests can SIGKILL mid-call: it connects, starts one call and then just waits.
// usage: ClientProcess ENDPOINT HEARTBEAT_SECONDS METHOD [NUMBER_ARGS...]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Zask.Reliability.Tests.ClientProcess ENDPOINT HEARTBEAT_SECONDS METHOD [NUMBER_ARGS...]");
    return 2;
}

var heartbeat = HeartbeatOptions.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture));
using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = heartbeat, Timeout = TimeSpan.FromMinutes(5) });
client.Connect(args[0]);
var callArgs = args.Skip(3).Select(a => (object?)double.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var call = client.CallAsync<object?>(args[2], callArgs);
Console.WriteLine("calling");
try
{
    var result = await call;
    Console.WriteLine($"returned {result}");
}
catch (Exception ex)
{
    Console.WriteLine($"failed {ex.GetType().Name}: {ex.Message}");
}
// Stay alive so that only a kill ends the process.
await Task.Delay(Timeout.Infinite);
return 0;
