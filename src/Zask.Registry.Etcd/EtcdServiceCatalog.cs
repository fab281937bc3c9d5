using Etcdserverpb;
using Google.Protobuf;
using Zask.Registry.Etcd.Internal;

namespace Zask.Registry.Etcd;

/// <summary>One-shot reads of a registry, for tools such as <c>zask services</c>.</summary>
public static class EtcdServiceCatalog
{
    /// <summary>Reads every endpoint registered under the URI's prefix, ordered by service, version and endpoint.</summary>
    /// <param name="settings">Where the registry is.</param>
    /// <param name="service">Only this service; <c>null</c> for all.</param>
    /// <param name="cancellationToken">Bounds the read.</param>
    /// <returns>The live endpoints; entries that are not well-formed are left out.</returns>
    /// <exception cref="RegistryConfigException">etcd refused the credentials or its certificate is not trusted (the message names the setting).</exception>
    public static async Task<IReadOnlyList<ServiceInstance>> ListAsync(EtcdRegistrySettings settings, string? service = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var connection = new EtcdConnection(settings);
        var range = service is null ? RegistryKeys.AllServices(settings.Uri.Prefix) : RegistryKeys.Service(settings.Uri.Prefix, service);
        RangeResponse read;
        try
        {
            read = await connection.CallAsync(h => connection.Kv.RangeAsync(new RangeRequest
            {
                Key = ByteString.CopyFromUtf8(range),
                RangeEnd = ByteString.CopyFrom(RegistryKeys.RangeEnd(range)),
            }, h, DateTime.UtcNow.AddSeconds(10), cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e) when (connection.ConfigurationProblem(e) is { } problem)
        {
            throw problem;
        }
        return read.Kvs.Select(kv => InstanceCodec.Decode(kv.Value, out _)).OfType<ServiceInstance>()
            .OrderBy(i => i.Service, StringComparer.Ordinal).ThenBy(i => i.Version, StringComparer.Ordinal)
            .ThenBy(i => i.Endpoint, StringComparer.Ordinal).ToArray();
    }
}
