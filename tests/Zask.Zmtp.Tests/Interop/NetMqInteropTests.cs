using NetMQ;
using NetMQ.Sockets;

namespace Zask.Zmtp.Tests.Interop;

/// <summary>Each socket pair, both directions, against NetMQ 4.0.4.5: a ZMTP 3.0 peer (subscriptions as data frames).</summary>
public class NetMqInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.FromSeconds(1), Logger = new TestLogger() };

    private static NetMQMessage Receive(NetMQSocket socket)
    {
        NetMQMessage? message = null;
        socket.TryReceiveMultipartMessage(Wait, ref message).Should().BeTrue("NetMQ should receive within the wait");
        return message!;
    }

    [Fact]
    public async Task A_netmq_dealer_gets_its_requests_echoed_by_our_router()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        router.ReceiveHandler = m => router.Send(m);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        await Task.Run(() =>
        {
            using var dealer = new DealerSocket();
            dealer.Options.Linger = TimeSpan.Zero;
            dealer.Connect(endpoint);
            for (var i = 0; i < 50; i++)
            {
                dealer.SendMoreFrameEmpty().SendFrame($"req {i}");
                var reply = Receive(dealer);
                reply.FrameCount.Should().Be(2);
                reply[1].ConvertToString().Should().Be($"req {i}");
            }
        });
    }

    [Fact]
    public async Task Our_dealer_gets_its_requests_echoed_by_a_netmq_router()
    {
        using var router = new RouterSocket();
        router.Options.Linger = TimeSpan.Zero;
        var port = router.BindRandomPort("tcp://127.0.0.1");
        var echo = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                router.SendMultipartMessage(Receive(router));
            }
        });
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect($"tcp://127.0.0.1:{port}");
        for (var i = 0; i < 20; i++)
        {
            dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes($"r{i}"));
            (await Receiving.Receive(dealer)).GetString(1).Should().Be($"r{i}");
        }
        await echo;
    }

    [Fact]
    public async Task Push_and_pull_both_ways()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Options());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var netPull = new PullSocket();
        netPull.Options.Linger = TimeSpan.Zero;
        var port = netPull.BindRandomPort("tcp://127.0.0.1");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Options());
        push.Connect($"tcp://127.0.0.1:{port}");

        await Task.Run(() =>
        {
            using var netPush = new PushSocket();
            netPush.Options.Linger = TimeSpan.FromSeconds(1);
            netPush.Connect(endpoint);
            for (var i = 0; i < 100; i++)
            {
                netPush.SendFrame($"to us {i}");
            }
        });
        for (var i = 0; i < 100; i++)
        {
            (await Receiving.Receive(pull)).GetString(0).Should().Be($"to us {i}");
            push.Send(Encoding.ASCII.GetBytes($"to netmq {i}"));
        }
        await Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Receive(netPull)[0].ConvertToString().Should().Be($"to netmq {i}");
            }
        });
    }

    [Fact]
    public async Task A_netmq_sub_gets_only_its_topic_from_our_pub()
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var sub = new SubscriberSocket();
        sub.Options.Linger = TimeSpan.Zero;
        sub.Subscribe("top");
        sub.Connect(endpoint);
        var publisher = new Republisher(_ =>
        {
            pub.Send("other"u8.ToArray(), "x"u8.ToArray());
            pub.Send("top.1"u8.ToArray(), "x"u8.ToArray());
        });
        await Task.Run(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                Receive(sub)[0].ConvertToString().Should().Be("top.1");
            }
        });
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task Our_sub_gets_its_topic_from_a_netmq_pub_with_a_3_0_subscription()
    {
        using var pub = new PublisherSocket();
        pub.Options.Linger = TimeSpan.Zero;
        var port = pub.BindRandomPort("tcp://127.0.0.1");
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, Options());
        sub.Subscribe("top");
        sub.Connect($"tcp://127.0.0.1:{port}");
        // NetMQ sockets are not thread-safe: one task publishes, and only it touches the publisher.
        var publisher = new Republisher(_ =>
        {
            pub.SendMoreFrame("other").SendFrame("x");
            pub.SendMoreFrame("top.1").SendFrame("x");
        });
        for (var i = 0; i < 5; i++)
        {
            (await Receiving.Receive(sub)).GetString(0).Should().Be("top.1");
        }
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task Our_sub_resubscribes_when_the_netmq_publisher_restarts()
    {
        var port = FreePort.Next();
        var options = Options();
        options.ReconnectIntervalMax = TimeSpan.FromMilliseconds(200);
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, options);
        sub.Subscribe("top");
        sub.Connect($"tcp://127.0.0.1:{port}");
        foreach (var tag in new[] { "first", "second" })
        {
            using var stop = new CancellationTokenSource();
            // The publisher lives on one thread (NetMQ sockets are not thread-safe) and sends until stopped.
            var publisher = Task.Run(() =>
            {
                using var pub = new PublisherSocket();
                pub.Options.Linger = TimeSpan.Zero;
                // NetMQ closes the previous publisher's listener on its I/O thread, later: retry until the port is free.
                var deadline = Environment.TickCount64 + 10_000;
                while (true)
                {
                    try
                    {
                        pub.Bind($"tcp://127.0.0.1:{port}");
                        break;
                    }
                    catch (AddressAlreadyInUseException) when (Environment.TickCount64 < deadline)
                    {
                        // Pacing of a bounded retry: nothing tells when NetMQ has let the port go.
                        Thread.Sleep(20);
                    }
                }
                while (!stop.IsCancellationRequested)
                {
                    pub.SendMoreFrame($"other.{tag}").SendFrame("x");
                    pub.SendMoreFrame($"top.{tag}").SendFrame("x");
                    // Pacing (see Republisher): publishing again until the resubscription has reached this publisher.
                    Thread.Sleep(5);
                }
            });
            while (true)
            {
                var receive = Receiving.Receive(sub);
                if (await Task.WhenAny(receive, publisher) == publisher)
                {
                    await publisher; // a bind failure surfaces here
                    throw new InvalidOperationException($"the {tag} publisher stopped");
                }
                var topic = (await receive).GetString(0);
                topic.Should().StartWith("top.");
                if (topic == $"top.{tag}")
                {
                    break;
                }
            }
            stop.Cancel();
            await publisher;
        }
    }
}
