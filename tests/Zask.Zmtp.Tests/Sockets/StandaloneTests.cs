namespace Zask.Zmtp.Tests.Sockets;

public class StandaloneTests
{
    [Fact]
    public void The_transport_references_nothing_else_from_Zask()
    {
        var references = typeof(ZmtpSocket).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(name => name.StartsWith("Zask", StringComparison.Ordinal));
        references.Should().NotContain(name => name.StartsWith("NetMQ", StringComparison.Ordinal), "NetMQ is a test peer only");
    }

    [Fact]
    public async Task Disconnect_stops_reconnecting_and_unbind_stops_accepting()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        var events = new List<ZmtpConnectionEvent>();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });
        dealer.ConnectionEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        dealer.Connect(endpoint);
        dealer.Send("one"u8.ToArray());
        await Support.Receiving.Receive(router);
        dealer.Disconnect(endpoint);
        await Eventually.True(() =>
        {
            lock (events)
            {
                return events.Any(e => e.Kind == ZmtpConnectionEventKind.Disconnected && e.Reason == "disconnected");
            }
        }, "the connection closed by Disconnect");
        dealer.TrySend("two"u8.ToArray()).Should().BeFalse("a disconnected endpoint is no longer a peer");
        ((Action)(() => dealer.Disconnect(endpoint))).Should().Throw<ArgumentException>().WithMessage("not connected to*");

        router.Unbind(endpoint);
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var connect = async () => await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await connect.Should().ThrowAsync<System.Net.Sockets.SocketException>();
    }
}
