namespace Zask.Zmtp.Tests.Interop;

/// <summary>
/// CURVE through the whole transport (ZmtpSocket, not the test-only wire driver of CurveInteropTests) against libzmq
/// 4.3.4 through pyzmq: the right key, a wrong server key and a client off the allow list, in both roles.
/// </summary>
public class PyZmqCurveSocketTests
{
    private static (ZmtpSocketOptions Options, TestLogger Log, List<ZmtpConnectionEvent> Events) Watched(CurveSecurity curve)
    {
        var log = new TestLogger();
        var events = new List<ZmtpConnectionEvent>();
        var options = new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = log,
            Curve = curve,
            // A refused client retries; slowly enough that the test sees one failure at a time.
            ReconnectInterval = TimeSpan.FromSeconds(5),
            ReconnectIntervalMax = TimeSpan.FromSeconds(5),
        };
        return (options, log, events);
    }

    private static ZmtpSocket Open(ZmtpSocketType type, ZmtpSocketOptions options, List<ZmtpConnectionEvent> events)
    {
        var socket = new ZmtpSocket(type, options);
        socket.ConnectionEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        return socket;
    }

    private static async Task<ZmtpConnectionEvent> First(List<ZmtpConnectionEvent> events, ZmtpConnectionEventKind kind)
    {
        ZmtpConnectionEvent? found = null;
        await Eventually.True(() =>
        {
            lock (events)
            {
                found = events.FirstOrDefault(e => e.Kind == kind);
                return found is not null;
            }
        }, $"a {kind} event", TimeSpan.FromSeconds(30));
        return found!;
    }

    [PyzmqFact]
    public async Task Our_curve_dealer_is_echoed_by_a_pyzmq_curve_router()
    {
        using var peer = PyZmqPeer.StartServer();
        var (port, serverKey) = peer.ReadServerLine();
        var (options, _, events) = Watched(CurveSecurity.Client(serverKey));
        using var dealer = Open(ZmtpSocketType.Dealer, options, events);
        dealer.Connect($"tcp://127.0.0.1:{port}");

        dealer.Send("hello from zask"u8.ToArray());

        (await Receiving.Receive(dealer, 30_000)).GetString(0).Should().Be("echo:hello from zask");
        peer.WaitFor("GOT").Should().Be("GOT hello from zask");
    }

    [PyzmqFact]
    public async Task Our_curve_dealer_with_a_wrong_server_key_fails_its_handshake_with_one_log_line()
    {
        using var peer = PyZmqPeer.StartServer();
        var (port, _) = peer.ReadServerLine();
        var (options, log, events) = Watched(CurveSecurity.Client(CurveKeyPair.Generate().PublicKey));
        using var dealer = Open(ZmtpSocketType.Dealer, options, events);
        dealer.Connect($"tcp://127.0.0.1:{port}");

        // libzmq cannot open a HELLO boxed for another key: it closes without a WELCOME.
        var failed = await First(events, ZmtpConnectionEventKind.HandshakeFailed);
        failed.Reason.Should().NotBeNullOrEmpty();
        peer.WaitFor("EVENT HANDSHAKE_FAILED").Should().StartWith("EVENT HANDSHAKE_FAILED_PROTOCOL");
        log.Lines.Where(l => l.Contains("handshake", StringComparison.Ordinal) && l.Contains(failed.Reason!, StringComparison.Ordinal))
            .Should().ContainSingle();
        lock (events)
        {
            events.Should().NotContain(e => e.Kind == ZmtpConnectionEventKind.Connected);
        }
    }

    [PyzmqFact]
    public async Task Our_curve_dealer_off_a_pyzmq_allow_list_is_told_400()
    {
        using var peer = PyZmqPeer.StartServer(CurveKeyPair.Generate().PublicKeyZ85);
        var (port, serverKey) = peer.ReadServerLine();
        var (options, _, events) = Watched(CurveSecurity.Client(serverKey));
        using var dealer = Open(ZmtpSocketType.Dealer, options, events);
        dealer.Connect($"tcp://127.0.0.1:{port}");

        (await First(events, ZmtpConnectionEventKind.HandshakeFailed)).Reason.Should().Contain("ERROR \"400\"");
        peer.WaitFor("EVENT HANDSHAKE_FAILED").Should().Be("EVENT HANDSHAKE_FAILED_AUTH 400");
    }

    [PyzmqFact]
    public async Task Our_curve_router_refuses_pyzmq_clients_with_a_wrong_key_or_off_its_list_and_serves_the_right_one()
    {
        var serverKeys = CurveKeyPair.Generate();
        var allowed = new List<byte[]>();
        var (options, log, events) = Watched(CurveSecurity.Server(serverKeys, key =>
        {
            lock (allowed)
            {
                return allowed.Any(k => k.AsSpan().SequenceEqual(key));
            }
        }));
        using var router = Open(ZmtpSocketType.Router, options, events);
        router.ReceiveHandler = m => router.Send(m[0], "reply from zask"u8.ToArray());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        // A client that boxes its HELLO for another server key.
        using (var wrongKey = PyZmqPeer.StartClient(port, CurveKeyPair.Generate().PublicKeyZ85))
        {
            wrongKey.WaitFor("CLIENT");
            wrongKey.Go();
            await First(events, ZmtpConnectionEventKind.HandshakeFailed);
        }

        // A client with the right server key whose own key is not allowed: ERROR 400.
        using (var offList = PyZmqPeer.StartClient(port, serverKeys.PublicKeyZ85))
        {
            var key = offList.WaitFor("CLIENT").Split(' ')[1];
            offList.Go();
            offList.WaitFor("EVENT HANDSHAKE_FAILED").Should().Be("EVENT HANDSHAKE_FAILED_AUTH 400");
            // The ERROR goes out before the connection closes and logs, so the peer may see it first.
            await Eventually.True(() => log.Lines.Any(l => l.Contains(key, StringComparison.Ordinal)), "a log line naming the refused key");
            log.Lines.Where(l => l.Contains(key, StringComparison.Ordinal)).Should().ContainSingle("one line names the refused key");
        }

        // The same socket then serves an allowed client.
        using var good = PyZmqPeer.StartClient(port, serverKeys.PublicKeyZ85);
        var goodKey = good.WaitFor("CLIENT").Split(' ')[1];
        lock (allowed)
        {
            allowed.Add(Z85.Decode(goodKey));
        }
        good.Go();
        good.WaitFor("GOT").Should().Be("GOT reply from zask");
        lock (events)
        {
            // libzmq reconnects after a failed handshake, so each refusal may be seen more than once.
            var reasons = events.Where(e => e.Kind == ZmtpConnectionEventKind.HandshakeFailed).Select(e => e.Reason).ToList();
            reasons.Should().Contain(r => r!.Contains("another server public key", StringComparison.Ordinal));
            reasons.Should().Contain(r => r!.Contains("is not allowed", StringComparison.Ordinal));
        }
    }
}
