using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc;

namespace Zask.Cli;

/// <summary>Creates the client a command calls through, from an endpoint or a service in a configuration file.</summary>
internal static class ClientFactory
{
    public static ConnectedClient Create(ConnectionSettings settings)
    {
        var options = new ZeroRpcClientOptions
        {
            Timeout = settings.Timeout,
            Heartbeat = HeartbeatOptions.FromSeconds(settings.HeartbeatSeconds),
            // Results go to stdout: nothing else may write there.
            LoggerFactory = NullLoggerFactory.Instance,
        };
        var connected = settings.Service is null ? new ConnectedClient(Connect(new ZeroRpcClient(options), settings.Endpoint!), owner: null)
            : settings.Registry is not null ? FromRegistry(settings, options)
            : FromConfig(settings, options);
        if (settings.AccessKey is not null)
        {
            connected.Client.Context.RegisterMiddleware(new AccessKeyHeader(settings.AccessKey));
        }
        return connected;
    }

    /// <summary>
    /// A client of the service's live endpoints in the registry, for <c>--version</c> or, without it, the only version
    /// registered. The entry is made in memory, so resolution and the watch are exactly those of a Zask app.
    /// </summary>
    private static ConnectedClient FromRegistry(ConnectionSettings settings, ZeroRpcClientOptions options)
    {
        var service = settings.Service!;
        var registry = Zask.Registry.Etcd.EtcdRegistrySettings.Create(settings.Registry, "--registry");
        var version = settings.Version ?? OnlyVersion(registry, service, settings.Timeout);
        var app = new ZaskApp("zask-cli");
        try
        {
            app.Config.FromMapping([new(ServiceConfig.KeyFor(service), new Dictionary<string, object?>
            {
                ["registry"] = settings.Registry,
                ["default"] = version,
            })]);
            // No header middleware from the entry: --access-key, when given, is sent by AccessKeyHeader.
            var rpc = new ZeroRpcExtension(app, BuiltinMiddlewares.ConfigEndpoint | BuiltinMiddlewares.RequestChain);
            return new ConnectedClient(rpc.Client(service, version, options), app);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>The one version of <paramref name="service"/> registered; an error naming them when there are several.</summary>
    private static string OnlyVersion(Zask.Registry.Etcd.EtcdRegistrySettings registry, string service, TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        IReadOnlyList<Zask.Registry.Etcd.ServiceInstance> instances;
        try
        {
            // The CLI makes its client synchronously; this one read is bounded by the call's timeout.
            instances = Zask.Registry.Etcd.EtcdServiceCatalog.ListAsync(registry, service, bound.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not CliException)
        {
            throw new CliException($"cannot read the registry {registry.Uri}: {ex.Message.ReplaceLineEndings(" ")}", ExitCodes.Unreachable);
        }
        var versions = instances.Select(i => i.Version).Distinct(StringComparer.Ordinal).ToArray();
        return versions.Length switch
        {
            1 => versions[0],
            0 => throw new CliException($"no server of {service} is registered at {registry.Uri}", ExitCodes.Unreachable),
            _ => throw new CliException($"{service} has several versions registered ({string.Join(", ", versions)}): choose one with --version", ExitCodes.Failure),
        };
    }

    /// <summary>
    /// Resolves the service the way a Zask app does: endpoints by version, and the access key sent in the header,
    /// from the <c>ZERORPC_&lt;SERVICE&gt;</c> entry of the file.
    /// </summary>
    private static ConnectedClient FromConfig(ConnectionSettings settings, ZeroRpcClientOptions options)
    {
        var app = new ZaskApp("zask-cli");
        try
        {
            app.Config.FromFile(settings.ConfigFile!);
            // Not the access-log middleware: in debug mode (the default) it would log each call to the console.
            var rpc = new ZeroRpcExtension(app, BuiltinMiddlewares.ConfigEndpoint | BuiltinMiddlewares.ConfigCustomHeader | BuiltinMiddlewares.RequestChain);
            return new ConnectedClient(rpc.Client(settings.Service!, settings.Version, options), app);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    private static ZeroRpcClient Connect(ZeroRpcClient client, string endpoint)
    {
        try
        {
            client.Connect(endpoint);
            return client;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            client.Dispose();
            // The transport rejects malformed or unsupported endpoints here (ArgumentException...).
            throw new CliException($"cannot connect to {endpoint}: {ex.Message.ReplaceLineEndings(" ")}", ExitCodes.Unreachable);
        }
    }
}
