using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zask.Registry.Etcd;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Runs a <see cref="ZeroRpcServer"/> inside the app's generic host: it starts serving with the host and, on
/// shutdown (Ctrl-C, SIGTERM), refuses new calls and lets calls in flight finish within the host's shutdown
/// timeout (the app's <c>SHUTDOWN_GRACE_PERIOD</c>). When the service entry names a registry, the bound endpoints
/// are registered once listening and deregistered before the drain starts.
/// </summary>
public sealed class ZeroRpcServerHostedService : IHostedService
{
    private readonly EtcdRegistrySettings? _registry;
    private readonly string? _advertise;
    private readonly string? _version;
    private readonly ILoggerFactory? _loggerFactory;
    private EtcdServiceRegistration? _registration;

    /// <summary>Wraps a server.</summary>
    public ZeroRpcServerHostedService(ZeroRpcServer server) => Server = server;

    /// <summary>Wraps a server that registers its endpoints in an etcd registry while it runs.</summary>
    internal ZeroRpcServerHostedService(ZeroRpcServer server, EtcdRegistrySettings registry, string? advertise, string version, ILoggerFactory? loggerFactory)
        : this(server)
    {
        _registry = registry;
        _advertise = advertise;
        _version = version;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The server run by this service.</summary>
    public ZeroRpcServer Server { get; }

    /// <summary>The registration of the server's endpoints, when its entry names a registry and it has started.</summary>
    public EtcdServiceRegistration? Registration => _registration;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Server.EnsureBound();
        if (_registry is not null && _version is not null)
        {
            var started = DateTimeOffset.UtcNow;
            var instances = Server.Endpoints.Select(e => new ServiceInstance(Server.Name, _version, AdvertisedEndpoint(e, _advertise), started)).ToArray();
            // Registration runs in the background: an unreachable etcd must not keep the server from serving.
            _registration = new EtcdServiceRegistration(_registry, instances, _loggerFactory?.CreateLogger("Zask.Registry"));
            _registration.Start();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registration is not null)
        {
            // Out of the registry first, so that clients stop choosing this server before it refuses calls.
            await _registration.DeregisterAsync(cancellationToken).ConfigureAwait(false);
            await _registration.DisposeAsync().ConfigureAwait(false);
        }
        await Server.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The endpoint clients should use: the bound one, with its host replaced by the advertise address when one is
    /// set, or by the machine's host name when the server bound every interface.
    /// </summary>
    internal static string AdvertisedEndpoint(string bound, string? advertise)
    {
        const string tcp = "tcp://";
        if (!bound.StartsWith(tcp, StringComparison.Ordinal))
        {
            return bound;
        }
        var hostPort = bound[tcp.Length..];
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            return bound;
        }
        var host = hostPort[..colon];
        var port = hostPort[(colon + 1)..];
        var wildcard = host is "*" or "0.0.0.0" or "[::]" or "::";
        var chosen = advertise ?? (wildcard ? System.Net.Dns.GetHostName() : host);
        return $"{tcp}{(chosen.Contains(':', StringComparison.Ordinal) && !chosen.StartsWith('[') ? $"[{chosen}]" : chosen)}:{port}";
    }
}
