namespace Zask.Zmtp.Tests.Transports;

public class EndpointTests
{
    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.Zero };

    private static async Task EchoesThrough(ZmtpSocket router, string connectTo)
    {
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(connectTo);
        dealer.Send(System.Text.Encoding.UTF8.GetBytes("via " + connectTo));
        (await Receiving.Receive(dealer)).GetString(0).Should().Be("via " + connectTo);
    }

    [Fact]
    public async Task A_star_bind_takes_every_interface_and_reports_its_port()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        router.ReceiveHandler = m => router.Send(m);
        var bound = router.Bind("tcp://*:*");
        bound.Should().MatchRegex(@"^tcp://0\.0\.0\.0:\d+$");
        var port = bound[(bound.LastIndexOf(':') + 1)..];
        await EchoesThrough(router, $"tcp://127.0.0.1:{port}");
        await EchoesThrough(router, $"tcp://localhost:{port}");
        if (Socket.OSSupportsIPv6)
        {
            await EchoesThrough(router, $"tcp://[::1]:{port}");
        }
    }

    [Fact]
    public async Task An_ipv6_bind_reports_its_address_in_brackets()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        router.ReceiveHandler = m => router.Send(m);
        var bound = router.Bind("tcp://[::1]:0");
        bound.Should().MatchRegex(@"^tcp://\[::1\]:\d+$");
        await EchoesThrough(router, bound);
    }

    [Fact]
    public async Task An_ipc_socket_file_is_replaced_when_stale_and_removed_on_close()
    {
        using var dir = new TempDir("zmtp-ipc-");
        var path = dir.Combine("stale.sock");
        File.WriteAllText(path, "left by a crashed server");
        using (var router = new ZmtpSocket(ZmtpSocketType.Router, Options()))
        {
            router.ReceiveHandler = m => router.Send(m);
            var bound = router.Bind($"ipc://{path}");
            bound.Should().Be($"ipc://{path}");
            await EchoesThrough(router, bound);
        }
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void An_ipc_path_over_libzmqs_limit_is_refused()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        var act = () => router.Bind("ipc:///tmp/" + new string('x', 120));
        act.Should().Throw<ArgumentException>().WithMessage("*at most 107 bytes*");
    }
}
