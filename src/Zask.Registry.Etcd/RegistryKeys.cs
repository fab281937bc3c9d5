using System.Text;

namespace Zask.Registry.Etcd;

/// <summary>
/// The key layout: <c>{prefix}/services/{service}/{version}/{endpoint-id}</c>, where the endpoint id is the endpoint
/// percent-encoded (so <c>tcp://10.0.0.7:4242</c> is one path segment). Names and versions are percent-encoded too,
/// so no name can reach into another's range.
/// </summary>
public static class RegistryKeys
{
    /// <summary>The range holding every service: <c>{prefix}/services/</c>.</summary>
    /// <param name="prefix">The URI's key prefix.</param>
    /// <returns>The key prefix.</returns>
    public static string AllServices(string prefix) => $"{prefix}/services/";

    /// <summary>The range holding every version of one service: <c>{prefix}/services/{service}/</c>.</summary>
    /// <param name="prefix">The URI's key prefix.</param>
    /// <param name="service">The service name.</param>
    /// <returns>The key prefix.</returns>
    public static string Service(string prefix, string service) => $"{AllServices(prefix)}{Uri.EscapeDataString(service)}/";

    /// <summary>The range holding the endpoints of one version: <c>{prefix}/services/{service}/{version}/</c>.</summary>
    /// <param name="prefix">The URI's key prefix.</param>
    /// <param name="service">The service name.</param>
    /// <param name="version">The version.</param>
    /// <returns>The key prefix.</returns>
    public static string Version(string prefix, string service, string version) => $"{Service(prefix, service)}{Uri.EscapeDataString(version)}/";

    /// <summary>The key of one endpoint.</summary>
    /// <param name="prefix">The URI's key prefix.</param>
    /// <param name="instance">The endpoint.</param>
    /// <returns>The key.</returns>
    public static string Instance(string prefix, ServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return $"{Version(prefix, instance.Service, instance.Version)}{Uri.EscapeDataString(instance.Endpoint)}";
    }

    /// <summary>The end of a prefix range for etcd's range requests (the prefix with its last byte incremented).</summary>
    internal static byte[] RangeEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        // The prefixes here end with '/', never 0xff, so incrementing the last byte is exact.
        bytes[^1]++;
        return bytes;
    }
}
