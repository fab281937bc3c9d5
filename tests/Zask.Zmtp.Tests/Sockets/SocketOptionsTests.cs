namespace Zask.Zmtp.Tests.Sockets;

public class SocketOptionsTests
{
    [Fact]
    public void Defaults_are_libzmqs_and_reconnects_back_off_to_a_cap()
    {
        var options = new ZmtpSocketOptions();
        // libzmq (options.cpp): SNDHWM and RCVHWM 1000, RECONNECT_IVL 100 ms, HANDSHAKE_IVL 30 s, LINGER -1.
        options.SendHighWatermark.Should().Be(1000);
        options.ReceiveHighWatermark.Should().Be(1000);
        options.ReconnectInterval.Should().Be(TimeSpan.FromMilliseconds(100));
        options.HandshakeInterval.Should().Be(TimeSpan.FromSeconds(30));
        options.Linger.Should().Be(Timeout.InfiniteTimeSpan);
        // libzmq's RECONNECT_IVL_MAX is 0 (no backoff); issue 18 asks for a backoff with a cap.
        options.ReconnectIntervalMax.Should().BeGreaterThan(options.ReconnectInterval);
    }

    [Fact]
    public void A_push_with_no_peer_queues_up_to_its_high_water_mark_then_is_mute()
    {
        using var push = new ZmtpSocket(ZmtpSocketType.Push, new() { SendHighWatermark = 5, Linger = TimeSpan.Zero, SendTimeout = TimeSpan.FromMilliseconds(100) });
        push.Connect($"tcp://127.0.0.1:{FreePort.Next()}");
        for (var i = 0; i < 5; i++)
        {
            push.TrySend("m"u8.ToArray()).Should().BeTrue();
        }
        push.TrySend("m"u8.ToArray()).Should().BeFalse("the pipe is at its high-water mark");
        var send = () => push.Send("m"u8.ToArray());
        send.Should().Throw<TimeoutException>().WithMessage("*high-water mark (5)*");
    }

    [Fact]
    public void A_socket_with_no_peer_at_all_is_mute()
    {
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });
        dealer.TrySend("m"u8.ToArray()).Should().BeFalse();
    }

    [Fact]
    public void A_router_drops_a_message_for_an_unknown_peer()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        router.TrySend("nobody"u8.ToArray(), "m"u8.ToArray()).Should().BeFalse();
        router.Send("nobody"u8.ToArray(), "m"u8.ToArray());
    }

    [Fact]
    public void Wrong_uses_get_precise_errors()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull);
        ((Action)(() => pull.Send("x"u8.ToArray()))).Should().Throw<InvalidOperationException>().WithMessage("a PULL socket cannot send");
        ((Action)(() => pull.Subscribe("x"))).Should().Throw<InvalidOperationException>().WithMessage("only a SUB socket subscribes*");
        ((Action)(() => pull.Bind("udp://x:1"))).Should().Throw<ArgumentException>().WithMessage("*neither tcp://host:port, ipc://path nor inproc://name*");
        ((Action)(() => pull.Bind("tcp://127.0.0.1:99999"))).Should().Throw<ArgumentException>().WithMessage("*not a port*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer);
        ((Action)(() => dealer.Connect("tcp://127.0.0.1:*"))).Should().Throw<ArgumentException>().WithMessage("*connect needs a port*");
        ((Action)(() => new ZmtpSocketOptions().Identity = [0, 1])).Should().Throw<ArgumentException>().WithMessage("*must not start with a zero byte*");
    }

    [Fact]
    public async Task Reconnect_attempts_back_off_by_doubling_up_to_the_maximum()
    {
        var log = new TestLogger();
        var retries = new List<ZmtpConnectionEvent>();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new()
        {
            Linger = TimeSpan.Zero,
            Logger = log,
            ReconnectInterval = TimeSpan.FromMilliseconds(20),
            ReconnectIntervalMax = TimeSpan.FromMilliseconds(80),
        });
        dealer.ConnectionEvent += (_, e) =>
        {
            lock (retries)
            {
                retries.Add(e);
            }
        };
        dealer.Connect($"tcp://127.0.0.1:{FreePort.Next()}");
        await Eventually.True(() => log.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)) >= 5, "five failed attempts");
        var delays = log.Lines.Where(l => l.Contains("retrying", StringComparison.Ordinal)).Take(5).Select(l => l[(l.LastIndexOf(' ') + 1)..]).ToList();
        delays.Should().Equal("00:00:00.0200000", "00:00:00.0400000", "00:00:00.0800000", "00:00:00.0800000", "00:00:00.0800000");
        lock (retries)
        {
            retries.Should().OnlyContain(e => e.Kind == ZmtpConnectionEventKind.ConnectRetried);
        }
    }

    [Fact]
    public async Task Linger_lets_queued_messages_reach_the_peer_after_dispose()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, new() { Linger = TimeSpan.Zero });
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        var push = new ZmtpSocket(ZmtpSocketType.Push, new() { Linger = TimeSpan.FromSeconds(20), SendHighWatermark = 0 });
        push.Connect(endpoint);
        for (var i = 0; i < 2000; i++)
        {
            push.Send(new byte[100]);
        }
        push.Dispose();
        for (var i = 0; i < 2000; i++)
        {
            await Receiving.Receive(pull);
        }
    }

    [Fact]
    public async Task Connection_events_report_connected_and_disconnected_and_the_dealer_reconnects()
    {
        var port = FreePort.Next();
        var events = new List<ZmtpConnectionEvent>();
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero, ReconnectIntervalMax = TimeSpan.FromMilliseconds(200) });
        dealer.ConnectionEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        dealer.Connect($"tcp://127.0.0.1:{port}");
        int Count(ZmtpConnectionEventKind kind)
        {
            lock (events)
            {
                return events.Count(e => e.Kind == kind);
            }
        }
        using (var first = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero }))
        {
            first.Bind($"tcp://127.0.0.1:{port}");
            await Eventually.True(() => Count(ZmtpConnectionEventKind.Connected) == 1, "connected to the first router");
        }
        await Eventually.True(() => Count(ZmtpConnectionEventKind.Disconnected) == 1, "disconnected when the router closed");
        using var second = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        second.Bind($"tcp://127.0.0.1:{port}");
        await Eventually.True(() => Count(ZmtpConnectionEventKind.Connected) == 2, "reconnected to the second router");
        dealer.Send("after restart"u8.ToArray());
        (await Receiving.Receive(second)).GetString(1).Should().Be("after restart");
    }

    [Fact]
    public async Task A_handler_that_sends_more_than_the_high_water_mark_in_one_read_does_not_wait_on_itself()
    {
        // Replies sent from a receive handler join a batch written after the read; past the high-water mark the
        // batch must go out at once, or a blocking DEALER send would wait for its own thread.
        using var router = new ZmtpSocket(ZmtpSocketType.Router, new() { Linger = TimeSpan.Zero });
        router.ReceiveHandler = m => router.Send(m);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero, SendHighWatermark = 3, SendTimeout = TimeSpan.FromSeconds(20) });
        var replies = 0;
        var done = new TaskCompletionSource();
        dealer.ReceiveHandler = m =>
        {
            if (m[0].Length == 1 && m[0][0] == 1)
            {
                // One trigger fans out into ten sends from the handler, over a high-water mark of three.
                for (var i = 0; i < 10; i++)
                {
                    dealer.Send(new byte[] { 2 });
                }
            }
            else if (Interlocked.Increment(ref replies) == 10)
            {
                done.TrySetResult();
            }
        };
        dealer.Connect(endpoint);
        dealer.Send(new byte[] { 1 });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
