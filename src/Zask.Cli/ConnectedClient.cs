using Zask.ZeroRpc.Client;

namespace Zask.Cli;

/// <summary>A client and what it was made from (the configuration's app), disposed together.</summary>
internal sealed class ConnectedClient(ZeroRpcClient client, IDisposable? owner) : IDisposable
{
    public ZeroRpcClient Client { get; } = client;

    public void Dispose()
    {
        Client.Dispose();
        owner?.Dispose();
    }
}
