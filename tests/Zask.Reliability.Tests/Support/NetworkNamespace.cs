using System.Globalization;

namespace Zask.Reliability.Tests.Support;

/// <summary>
/// A private network namespace joined to the root namespace by a veth pair that only this test creates, on a
/// 10.213.x.0/30 link: the server side is .1 inside the namespace, the client side .2 in the root namespace.
/// Cutting the link (setting the root end down) makes a real partition without touching any other interface.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private static readonly Lazy<string?> Unavailability = new(Probe);

    public NetworkNamespace()
    {
        var tag = Random.Shared.Next(0, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
        var subnet = Random.Shared.Next(0, 64) * 4;
        var third = Random.Shared.Next(0, 256);
        Name = $"zask-rel-{tag}";
        HostInterface = $"zr{tag}h";
        var inside = $"zr{tag}n";
        ServerAddress = $"10.213.{third}.{subnet + 1}";
        ClientAddress = $"10.213.{third}.{subnet + 2}";
        try
        {
            IpCommand.Run("netns", "add", Name);
            IpCommand.Run("link", "add", HostInterface, "type", "veth", "peer", "name", inside);
            IpCommand.Run("link", "set", inside, "netns", Name);
            IpCommand.Run("addr", "add", $"{ClientAddress}/30", "dev", HostInterface);
            IpCommand.Run("link", "set", HostInterface, "up");
            IpCommand.Run("netns", "exec", Name, "ip", "addr", "add", $"{ServerAddress}/30", "dev", inside);
            IpCommand.Run("netns", "exec", Name, "ip", "link", "set", inside, "up");
            IpCommand.Run("netns", "exec", Name, "ip", "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why namespaces cannot be used here (not root, no <c>ip</c>...), or <c>null</c> when they can.</summary>
    public static string? Unavailable => Unavailability.Value;

    public string Name { get; }

    /// <summary>The veth end in the root namespace: the one cut and restored.</summary>
    public string HostInterface { get; }

    public string ServerAddress { get; }

    public string ClientAddress { get; }

    /// <summary>Takes the link down: packets stop in both directions, no RST or FIN reaches either side.</summary>
    public void Cut() => IpCommand.Run("link", "set", HostInterface, "down");

    public void Restore() => IpCommand.Run("link", "set", HostInterface, "up");

    public void Dispose()
    {
        // Deleting the namespace destroys the inner veth end, which takes its peer with it; delete both anyway.
        IpCommand.TryRun("netns", "del", Name);
        IpCommand.TryRun("link", "del", HostInterface);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }
        var probe = $"zask-probe-{Environment.ProcessId}";
        var (code, output) = IpCommand.TryRun("netns", "add", probe);
        if (code != 0)
        {
            return $"'ip netns add' is not permitted here (run as root with iproute2 installed): {output}";
        }
        IpCommand.TryRun("netns", "del", probe);
        return null;
    }
}
