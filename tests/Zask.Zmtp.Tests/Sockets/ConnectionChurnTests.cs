using Xunit.Abstractions;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>Thousands of connections against one server: nothing leaks, and an idle connection stays small.</summary>
[Collection(SerialCollection.Name)]
public class ConnectionChurnTests
{
    private readonly ITestOutputHelper _output;

    public ConnectionChurnTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task Two_thousand_connections_opened_and_closed_leave_no_descriptors_or_memory_behind()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        router.ReceiveHandler = m => router.Send(m);
        var endpoint = router.Bind("tcp://127.0.0.1:*");

        async Task Churn(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var peer = await RawPeer.Connect(endpoint);
                await peer.Handshake("DEALER");
                peer.SendHex("00026869");
                (await peer.ReadFrame()).Body.Should().Equal("hi"u8.ToArray());
            }
            await Eventually.True(() => router.ConnectionCount == 0, "every server-side connection closed");
        }

        await Churn(200); // warm up pools and JIT
        var descriptorsBefore = OpenDescriptors();
        var bytesBefore = ManagedBytes();
        await Churn(2000);
        var descriptorsAfter = OpenDescriptors();
        var bytesAfter = ManagedBytes();
        _output.WriteLine($"descriptors {descriptorsBefore} -> {descriptorsAfter}; managed bytes {bytesBefore} -> {bytesAfter}");
        descriptorsAfter.Should().BeLessThanOrEqualTo(descriptorsBefore + 5, "closed connections give their sockets back");
        (bytesAfter - bytesBefore).Should().BeLessThan(2_000_000, "2,000 closed connections must not leave their state behind");
    }

    [Fact]
    public async Task An_idle_connection_costs_little_memory()
    {
        const int count = 500;
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        router.ReceiveHandler = m => router.Send(m);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        // The client side is measured too: raw sockets are cheap, and the figure is an upper bound for the server.
        var warm = await RawPeer.Connect(endpoint);
        await warm.Handshake("DEALER");
        var before = ManagedBytes();
        var peers = new List<RawPeer>();
        for (var i = 0; i < count; i++)
        {
            var peer = await RawPeer.Connect(endpoint);
            await peer.Handshake("DEALER");
            peer.SendHex("00026869");
            await peer.ReadFrame();
            peers.Add(peer);
        }
        await Eventually.True(() => router.ConnectionCount == count + 1, "all connections up");
        var perConnection = (ManagedBytes() - before) / count;
        _output.WriteLine($"managed memory per idle connection, both ends: {perConnection} bytes");
        perConnection.Should().BeLessThan(16 * 1024);
        foreach (var peer in peers)
        {
            peer.Dispose();
        }
        warm.Dispose();
        await Eventually.True(() => router.ConnectionCount == 0, "all connections closed");
    }
}
