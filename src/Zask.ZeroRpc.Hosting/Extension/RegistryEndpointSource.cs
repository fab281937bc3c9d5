using Microsoft.Extensions.Logging;
using Zask.Registry.Etcd;
using Zask.ZeroRpc.Client;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Keeps a client's endpoints equal to the live set an <see cref="EtcdServiceResolver"/> watches: connects the
/// endpoints that appear, disconnects those that vanish. Health-aware rotation then works on that set as on static
/// endpoints; while etcd is unreachable the resolver keeps the last known set, so the client keeps its connections.
/// </summary>
internal sealed class RegistryEndpointSource : IAsyncDisposable
{
    private readonly ZeroRpcClient _client;
    private readonly EtcdServiceResolver _resolver;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private HashSet<string> _connected = new(StringComparer.Ordinal);

    private RegistryEndpointSource(ZeroRpcClient client, EtcdServiceResolver resolver, ILogger logger)
    {
        _client = client;
        _resolver = resolver;
        _logger = logger;
    }

    /// <summary>Starts watching <paramref name="service"/>'s <paramref name="version"/> for <paramref name="client"/>.</summary>
    public static void Attach(ZeroRpcClient client, EtcdRegistrySettings settings, string service, string version, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("Zask.ZeroRpc.Registry");
        var resolver = new EtcdServiceResolver(settings, service, version, logger);
        var source = new RegistryEndpointSource(client, resolver, logger);
        client.UseEndpointSource(source, () => resolver.Problem);
        // Subscribed before the start, so the first answer cannot be missed.
        resolver.Changed += source.Apply;
        resolver.Start();
    }

    private void Apply(IReadOnlyList<ServiceInstance> instances)
    {
        lock (_gate)
        {
            var next = new HashSet<string>(instances.Select(i => i.Endpoint), StringComparer.Ordinal);
            try
            {
                foreach (var gone in _connected.Except(next))
                {
                    _client.Disconnect(gone);
                }
                foreach (var added in next.Except(_connected))
                {
                    _client.Connect(added);
                }
            }
            catch (ObjectDisposedException)
            {
                // The client closed while the watch delivered a change: nothing left to update.
                return;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                // A registered endpoint the transport cannot use: skip the whole update rather than half-apply it.
                HostingLog.RegistryUpdateIgnored(_logger, e, _resolver.Service, e.Message);
                return;
            }
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                HostingLog.RegistryEndpoints(_logger, _resolver.Service, _resolver.Version, string.Join(", ", next));
            }
            _connected = next;
        }
    }

    /// <summary>Stops the watch.</summary>
    public async ValueTask DisposeAsync()
    {
        _resolver.Changed -= Apply;
        await _resolver.DisposeAsync().ConfigureAwait(false);
    }
}
