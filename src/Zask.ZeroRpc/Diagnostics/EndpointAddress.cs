namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// The <c>server.address</c> and <c>server.port</c> of a ZeroMQ endpoint, split once per endpoint (not per span):
/// <c>tcp://host:port</c> gives the host and the port; <c>ipc://path</c> gives the path and no port.
/// </summary>
internal sealed record EndpointAddress(string Address, int? Port)
{
    /// <summary><see cref="Port"/> boxed once, for span attributes (a span's tag is an object).</summary>
    public object? BoxedPort { get; } = Port;

    public static EndpointAddress Parse(string endpoint)
    {
        var start = endpoint.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? endpoint : endpoint[(start + 3)..];
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return new EndpointAddress(rest, null);
        }
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(rest.AsSpan(colon + 1), out var port))
        {
            return new EndpointAddress(rest, null);
        }
        var host = rest[..colon];
        // An IPv6 host comes in brackets on the wire; the attribute takes it bare.
        return new EndpointAddress(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }
}
