using Zask.ZeroRpc.Client;

namespace Zask.ZeroRpc;

/// <summary>
/// Owns the one client behind a typed client registered with <see cref="ZeroRpcBuilder.AddClient{TClient}"/>: made on
/// first use from the service's config entry, shared by everyone it is injected into, disposed with the container.
/// </summary>
internal sealed class TypedClientHolder<TClient>(
    ZeroRpcExtension rpc, TimeProvider? time, string serviceName, string? version, Action<ZeroRpcClientOptions>? configure)
    : IAsyncDisposable where TClient : class
{
    private readonly Lazy<(ZeroRpcClient Client, TClient Proxy)> _client = new(() =>
    {
        // The container's clock, when it has one, so that a host's tests drive timeouts with a fake one.
        var options = new ZeroRpcClientOptions { TimeProvider = time ?? TimeProvider.System };
        configure?.Invoke(options);
        var client = rpc.Client(serviceName, version, options);
        return (client, client.As<TClient>());
    });

    public ZeroRpcClient Client => _client.Value.Client;

    public TClient Proxy => _client.Value.Proxy;

    public ValueTask DisposeAsync() => _client.IsValueCreated ? _client.Value.Client.DisposeAsync() : ValueTask.CompletedTask;
}
