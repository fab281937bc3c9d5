namespace Zask.Zmtp.Tests.Interop;

/// <summary>Each socket pair, both directions, against libzmq 4.3.4 (ZMTP 3.1) through pyzmq.</summary>
public class PyZmqInteropTests
{
    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.FromSeconds(2), Logger = new TestLogger() };

    private static ZmtpSocket EchoRouter(ZmtpSocketOptions options)
    {
        var router = new ZmtpSocket(ZmtpSocketType.Router, options);
        router.ReceiveHandler = m => router.Send(m);
        return router;
    }

    [PyzmqFact]
    public async Task A_pyzmq_dealer_gets_its_requests_echoed_by_our_router()
    {
        using var router = EchoRouter(Options());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var peer = PyZmq.Start("dealer-requests", endpoint, "200");
        await peer.Expect("OK");
    }

    [PyzmqFact]
    public async Task A_pyzmq_dealer_identity_is_our_routing_id()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        var ids = new List<string>();
        router.ReceiveHandler = m =>
        {
            lock (ids)
            {
                ids.Add(Encoding.ASCII.GetString(m[0]));
            }
            router.Send(m);
        };
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var peer = PyZmq.Start("dealer-requests", endpoint, "3", "py-worker");
        await peer.Expect("OK");
        lock (ids)
        {
            ids.Should().Equal("py-worker", "py-worker", "py-worker");
        }
    }

    [PyzmqFact]
    public async Task Our_dealer_gets_its_requests_echoed_by_a_pyzmq_router()
    {
        using var peer = PyZmq.Start("router-echo", "bind:tcp://127.0.0.1:*", "100");
        var endpoint = await peer.Expect("BOUND");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(endpoint);
        for (var i = 0; i < 100; i++)
        {
            dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes($"r{i}"));
            var reply = await Receiving.Receive(dealer);
            reply.GetString(1).Should().Be($"r{i}");
        }
        await peer.Expect("OK");
    }

    [PyzmqFact]
    public async Task A_pyzmq_push_feeds_our_pull()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Options());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var peer = PyZmq.Start("push", endpoint, "500");
        for (var i = 0; i < 500; i++)
        {
            var message = await Receiving.Receive(pull);
            message.GetString(0).Should().Be("job");
            message.GetString(1).Should().Be(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await peer.Expect("OK");
    }

    [PyzmqFact]
    public async Task Our_push_feeds_a_pyzmq_pull()
    {
        using var peer = PyZmq.Start("pull", "bind:tcp://127.0.0.1:*", "500");
        var endpoint = await peer.Expect("BOUND");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Options());
        push.Connect(endpoint);
        for (var i = 0; i < 500; i++)
        {
            push.Send("job"u8.ToArray(), Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        await peer.Expect("OK");
    }

    [PyzmqFact]
    public async Task Our_pub_sends_a_pyzmq_sub_only_what_it_subscribed_to()
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var peer = PyZmq.Start("sub", endpoint, "20", "top");
        var publisher = new Republisher(i =>
        {
            pub.Send(Encoding.ASCII.GetBytes($"other.{i}"), "x"u8.ToArray());
            pub.Send(Encoding.ASCII.GetBytes($"top.{i}"), "x"u8.ToArray());
        });
        for (var i = 0; i < 20; i++)
        {
            (await peer.Expect("GOT")).Should().StartWith("top.");
        }
        await peer.Expect("OK");
        await publisher.DisposeAsync();
    }

    [PyzmqFact]
    public async Task Our_sub_resubscribes_when_the_pyzmq_publisher_restarts()
    {
        var port = FreePort.Next();
        var endpoint = $"tcp://127.0.0.1:{port}";
        var options = Options();
        options.ReconnectIntervalMax = TimeSpan.FromMilliseconds(200);
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, options);
        sub.Subscribe("top");
        sub.Connect(endpoint);
        using (var first = PyZmq.Start("pub", "bind:" + endpoint, "first"))
        {
            await first.Expect("BOUND");
            (await Receiving.Receive(sub)).GetString(0).Should().StartWith("top.first.");
            first.Kill();
        }
        using var second = PyZmq.Start("pub", "bind:" + endpoint, "second");
        await second.Expect("BOUND");
        // Drain what the first publisher left queued; the second only sends to subscribers, so its messages prove
        // that the subscription was sent again on the new connection.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the second publisher's messages should arrive");
            var topic = (await Receiving.Receive(sub)).GetString(0);
            topic.Should().StartWith("top.");
            if (topic.StartsWith("top.second.", StringComparison.Ordinal))
            {
                break;
            }
        }
    }

    [PyzmqFact]
    public async Task A_pyzmq_dealer_talks_to_our_router_over_ipc()
    {
        using var dir = new TempDir("zmtp-ipc-");
        using var router = EchoRouter(Options());
        var endpoint = router.Bind($"ipc://{dir.Combine("router.sock")}");
        File.Exists(dir.Combine("router.sock")).Should().BeTrue("ipc is a real Unix-domain socket file, as libzmq makes it");
        using var peer = PyZmq.Start("dealer-requests", endpoint, "50");
        await peer.Expect("OK");
    }

    [PyzmqFact]
    public async Task Our_dealer_talks_to_a_pyzmq_router_on_an_abstract_ipc_name()
    {
        var name = $"ipc://@zask-zmtp-test-{Guid.NewGuid():N}";
        using var peer = PyZmq.Start("router-echo", "bind:" + name, "20");
        (await peer.Expect("BOUND")).Should().Be(name);
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(name);
        for (var i = 0; i < 20; i++)
        {
            dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes($"r{i}"));
            (await Receiving.Receive(dealer)).GetString(1).Should().Be($"r{i}");
        }
        await peer.Expect("OK");
    }
}
