namespace Zask.ZeroRpc.Diagnostics;

/// <summary>Splits a ZeroMQ endpoint into the <c>server.address</c> and <c>server.port</c> of a span.</summary>
internal static class EndpointAddress
{
    /// <summary>
    /// <c>tcp://host:port</c> gives the host and the port; <c>ipc://path</c> gives the path and no port.
    /// </summary>
    public static (string Address, int? Port) Split(string endpoint)
    {
        var start = endpoint.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? endpoint : endpoint[(start + 3)..];
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return (rest, null);
        }
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(rest.AsSpan(colon + 1), out var port))
        {
            return (rest, null);
        }
        var host = rest[..colon];
        // An IPv6 host comes in brackets on the wire; the attribute takes it bare.
        return (host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }
}
