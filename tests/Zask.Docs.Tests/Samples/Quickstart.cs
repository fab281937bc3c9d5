using System.ComponentModel;
using System.Runtime.CompilerServices;
using Zask;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:quickstart-service
[ZeroRpcService("greeter", Version = "1.0")]
public class Greeter
{
    [Description("Return a greeting for name.")]
    public string Hello(string name) => $"Hello, {name}!";            // called as "hello"

    public long AddNumbers(long a, long b) => a + b;                   // called as "add_numbers"

    public async Task<string> SlowEcho(string text, CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);                      // cancelled if the caller is lost
        return text;
    }

    public async IAsyncEnumerable<long> Count(long n,                  // a stream
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long i = 0; i < n; i++)
        {
            yield return i;
            await Task.Yield();
        }
    }
}
#endregion

public static class Quickstart
{
    public static async Task<(string Greeting, long Sum, List<long> Items)> ServerAndClientAsync()
    {
        #region docs:quickstart-run
        await using var server = new ZeroRpcServer(new Greeter());
        var endpoint = server.Bind("tcp://127.0.0.1:*");   // "*" picks a free port; Bind returns the real endpoint
        using var stop = new CancellationTokenSource();
        var serving = server.RunAsync(stop.Token);

        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        var greeting = await client.CallAsync<string>("hello", "World");   // "Hello, World!"
        var sum = await client.CallAsync<long>("add_numbers", 2, 3);       // 5
        var items = new List<long>();
        await foreach (var i in client.StreamAsync<long>("count", 3))
        {
            items.Add(i);                                                 // 0, 1, 2
        }

        stop.Cancel();     // graceful stop: calls in flight may finish
        await serving;
        #endregion
        return (greeting, sum, items);
    }

    #region docs:quickstart-app
    public static async Task RunGreeterAsync(string settingsPath, CancellationToken stop)
    {
        await using var app = new ZaskApp("greeter");
        app.Config.FromFile(settingsPath);      // holds ZERORPC_GREETER
        var rpc = new ZeroRpcExtension(app);
        rpc.Server(new Greeter());              // binds to ZERORPC_GREETER's endpoints when the app starts
        await app.RunAsync(stop);               // until Ctrl-C, SIGTERM or stop
    }
    #endregion

    public static async Task<string> CallGreeterAsync(string settingsPath)
    {
        #region docs:quickstart-app-client
        await using var app = new ZaskApp("frontend");
        app.Config.FromFile(settingsPath);
        var rpc = new ZeroRpcExtension(app);
        await using var greeter = rpc.Client("greeter");        // the default version's endpoints
        var text = await greeter.CallAsync<string>("hello", "Zask");
        #endregion
        return text;
    }
}
