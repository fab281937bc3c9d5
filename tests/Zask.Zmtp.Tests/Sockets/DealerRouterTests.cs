namespace Zask.Zmtp.Tests.Sockets;

public class DealerRouterTests
{
    private static ZmtpSocketOptions Quick() => new() { Linger = TimeSpan.FromSeconds(1), Logger = new TestLogger() };

    [Fact]
    public async Task A_dealer_request_reaches_the_router_and_its_reply_comes_back()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        endpoint.Should().MatchRegex(@"^tcp://127\.0\.0\.1:\d+$").And.NotEndWith(":0");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Quick());
        dealer.Connect(endpoint);

        dealer.Send(Array.Empty<byte>(), "hello"u8.ToArray());
        var request = await Receiving.Receive(router);
        request.Count.Should().Be(3);
        request[0].Should().HaveCount(5).And.StartWith(new byte[] { 0 }, "a peer without Identity gets a generated 5-byte id");
        request.GetString(2).Should().Be("hello");

        router.Send(request[0], Array.Empty<byte>(), "world"u8.ToArray());
        var reply = await Receiving.Receive(dealer);
        reply.Count.Should().Be(2);
        reply.GetString(1).Should().Be("world");
    }

    [Fact]
    public async Task A_dealer_identity_becomes_its_routing_id()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var endpoint = router.Bind("tcp://127.0.0.1:0");
        var options = Quick();
        options.Identity = "worker-1"u8.ToArray();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, options);
        dealer.Connect(endpoint);
        dealer.Send("ping"u8.ToArray());
        var message = await Receiving.Receive(router);
        Encoding.ASCII.GetString(message[0]).Should().Be("worker-1");
    }

    [Fact]
    public async Task Deferred_sends_from_many_threads_arrive_whole_and_each_thread_keeps_its_order()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Quick());
        dealer.Connect(endpoint);
        dealer.Send("first"u8.ToArray());
        (await Receiving.Receive(router)).GetString(1).Should().Be("first");

        // Four senders on pool threads, each write left to the pool: every message arrives, in its sender's order.
        // (800 in all: below the high-water mark of 1,000 even if no write has run yet.)
        await Task.WhenAll(Enumerable.Range(0, 4).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                dealer.TrySendDeferred(Array.Empty<byte>(), Encoding.ASCII.GetBytes($"{sender}:{i}")).Should().BeTrue();
            }
        })));
        var next = new int[4];
        for (var n = 0; n < 800; n++)
        {
            var message = await Receiving.Receive(router);
            message.Count.Should().Be(3);
            var parts = message.GetString(2).Split(':');
            int.Parse(parts[1]).Should().Be(next[int.Parse(parts[0])]++);
        }
        next.Should().AllBeEquivalentTo(200);
    }

    [Fact]
    public async Task Messages_sent_before_the_router_binds_are_delivered_once_it_does()
    {
        var port = FreePort.Next();
        var options = Quick();
        options.ReconnectIntervalMax = TimeSpan.FromMilliseconds(200);
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, options);
        dealer.Connect($"tcp://127.0.0.1:{port}");
        for (var i = 0; i < 10; i++)
        {
            dealer.Send(Encoding.ASCII.GetBytes($"m{i}"));
        }
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        router.Bind($"tcp://127.0.0.1:{port}");
        for (var i = 0; i < 10; i++)
        {
            (await Receiving.Receive(router)).GetString(1).Should().Be($"m{i}");
        }
    }

    [Fact]
    public async Task A_receive_handler_gets_each_message_on_the_read_completion()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var received = new List<string>();
        router.ReceiveHandler = m =>
        {
            lock (received)
            {
                received.Add(m.GetString(1));
            }
            router.Send(m[0], m[1]);
        };
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Quick());
        dealer.Connect(endpoint);
        for (var i = 0; i < 100; i++)
        {
            dealer.Send(Encoding.ASCII.GetBytes($"n{i}"));
        }
        for (var i = 0; i < 100; i++)
        {
            (await Receiving.Receive(dealer)).GetString(0).Should().Be($"n{i}");
        }
        lock (received)
        {
            received.Should().HaveCount(100);
        }
    }

    [Fact]
    public async Task Large_messages_cross_intact()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Quick());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Quick());
        push.Connect(endpoint);
        var big = new byte[3_000_000];
        Random.Shared.NextBytes(big);
        push.Send(big, new byte[300], new byte[1]);
        var message = await Receiving.Receive(pull);
        message[0].Should().Equal(big);
        message[1].Should().HaveCount(300);
        message[2].Should().HaveCount(1);
    }
}
