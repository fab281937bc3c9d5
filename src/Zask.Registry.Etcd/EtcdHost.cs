namespace Zask.Registry.Etcd;

/// <summary>One etcd member's client address, as listed in a registry URI.</summary>
/// <param name="Host">A host name or IP address (IPv6 without brackets).</param>
/// <param name="Port">The client port.</param>
public sealed record EtcdHost(string Host, int Port)
{
    /// <summary>The address as <c>host:port</c> (IPv6 hosts in brackets).</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
