namespace Zask.Zmtp.Tests.Transports;

/// <summary><c>inproc://</c>: sockets of one process connected without ports or files, with libzmq's semantics.</summary>
public class InprocTests
{
    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.Zero };

    private static string UniqueName() => "inproc://test-" + Guid.NewGuid().ToString("N");

    private static ZmtpSocket EchoRouter(ZmtpSocketOptions? options = null)
    {
        var router = new ZmtpSocket(ZmtpSocketType.Router, options ?? Options());
        router.ReceiveHandler = m => router.Send(m);
        return router;
    }

    private static async Task<string> RoundTrip(ZmtpSocket dealer, string text)
    {
        dealer.Send(Encoding.UTF8.GetBytes(text));
        return (await Receiving.Receive(dealer)).GetString(0);
    }

    [Fact]
    public async Task A_dealer_and_a_router_talk_over_an_inproc_name()
    {
        var endpoint = UniqueName();
        using var router = EchoRouter();
        router.Bind(endpoint).Should().Be(endpoint);
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(endpoint);

        (await RoundTrip(dealer, "one")).Should().Be("one");
        (await RoundTrip(dealer, new string('x', 100_000))).Should().HaveLength(100_000);
    }

    [Fact]
    public async Task A_connect_before_the_bind_waits_for_it()
    {
        var endpoint = UniqueName();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(endpoint);
        dealer.Send(Encoding.UTF8.GetBytes("queued before the bind"));
        using var router = EchoRouter();
        router.Bind(endpoint);

        (await Receiving.Receive(dealer)).GetString(0).Should().Be("queued before the bind");
    }

    [Fact]
    public async Task A_name_is_bound_once_and_free_again_after_its_socket_closes()
    {
        var endpoint = UniqueName();
        var first = EchoRouter();
        first.Bind(endpoint);
        using (var second = EchoRouter())
        {
            FluentActions.Invoking(() => second.Bind(endpoint)).Should().Throw<SocketException>()
                .Which.SocketErrorCode.Should().Be(SocketError.AddressAlreadyInUse);
        }
        first.Dispose();

        using var again = EchoRouter();
        again.Bind(endpoint);
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(endpoint);
        (await RoundTrip(dealer, "rebound")).Should().Be("rebound");
    }

    [Fact]
    public async Task Push_pull_and_pub_sub_work_over_inproc()
    {
        var pipeline = UniqueName();
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Options());
        pull.Bind(pipeline);
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Options());
        push.Connect(pipeline);
        push.Send(Encoding.UTF8.GetBytes("work"));
        (await Receiving.Receive(pull)).GetString(0).Should().Be("work");

        var events = UniqueName();
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        pub.Bind(events);
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, Options());
        sub.Subscribe("news");
        sub.Connect(events);
        // A subscription reaches the publisher some time after the connect: publish until one arrives.
        ZmtpMessage? received = null;
        await Eventually.True(() =>
        {
            pub.Send(Encoding.UTF8.GetBytes("news: inproc"));
            pub.Send(Encoding.UTF8.GetBytes("sport: skipped"));
            return sub.TryReceive(out received);
        }, "a published message to arrive");
        received!.GetString(0).Should().Be("news: inproc");
    }

    [Fact]
    public async Task Curve_security_runs_unchanged_over_inproc()
    {
        var endpoint = UniqueName();
        var serverKeys = CurveKeyPair.Generate();
        var allowed = CurveKeyPair.Generate();
        using var router = EchoRouter(new ZmtpSocketOptions { Linger = TimeSpan.Zero, Curve = CurveSecurity.Server(serverKeys, [allowed.PublicKey]) });
        router.Bind(endpoint);
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new ZmtpSocketOptions { Linger = TimeSpan.Zero, Curve = CurveSecurity.Client(serverKeys.PublicKey, allowed) });
        dealer.Connect(endpoint);

        (await RoundTrip(dealer, "sealed")).Should().Be("sealed");
    }

    [Fact]
    public void An_inproc_endpoint_needs_a_name()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        FluentActions.Invoking(() => router.Bind("inproc://")).Should().Throw<ArgumentException>().WithMessage("*no name after inproc://*");
    }
}
