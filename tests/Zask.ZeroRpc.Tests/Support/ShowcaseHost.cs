namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A real showcase server on a free loopback port and a client connected to it.</summary>
public sealed class ShowcaseHost : IAsyncDisposable
{
    public ShowcaseHost(HeartbeatOptions? heartbeat = null, TimeSpan? timeout = null, object? service = null)
    {
        var hb = heartbeat ?? HeartbeatOptions.Default;
        Server = new ZeroRpcServer(service ?? new ShowcaseService(), new ZeroRpcServerOptions { Heartbeat = hb });
        Endpoint = Server.Bind("tcp://127.0.0.1:*");
        Client = NewClient(hb, timeout);
    }

    public ZeroRpcServer Server { get; }

    public string Endpoint { get; }

    public ZeroRpcClient Client { get; }

    public ZeroRpcClient NewClient(HeartbeatOptions? heartbeat = null, TimeSpan? timeout = null)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            Heartbeat = heartbeat ?? HeartbeatOptions.Default,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });
        client.Connect(Endpoint);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
