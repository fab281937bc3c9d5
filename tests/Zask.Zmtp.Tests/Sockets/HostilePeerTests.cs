using Zask.Zmtp.Tests.Framing;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>Peers that break the rules: each loses only its own connection, with one clear log line, and the server keeps serving.</summary>
public sealed class HostilePeerTests : IDisposable
{
    private readonly TestLogger _log = new();
    private readonly List<ZmtpConnectionEvent> _events = [];
    private readonly ZmtpSocket _router;
    private readonly string _endpoint;

    public HostilePeerTests()
    {
        _router = new ZmtpSocket(ZmtpSocketType.Router, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = _log,
            HandshakeInterval = TimeSpan.FromMilliseconds(500),
        });
        _router.ConnectionEvent += (_, e) =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
        _router.ReceiveHandler = m => _router.Send(m);
        _endpoint = _router.Bind("tcp://127.0.0.1:*");
    }

    public void Dispose() => _router.Dispose();

    private async Task<ZmtpConnectionEvent> Closed(ZmtpConnectionEventKind kind)
    {
        ZmtpConnectionEvent? found = null;
        await Eventually.True(() =>
        {
            lock (_events)
            {
                found = _events.FirstOrDefault(e => e.Kind == kind);
                return found is not null;
            }
        }, $"a {kind} event");
        return found!;
    }

    private async Task StillServes()
    {
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });
        dealer.Connect(_endpoint);
        dealer.Send("still there?"u8.ToArray());
        (await Receiving.Receive(dealer)).GetString(0).Should().Be("still there?");
    }

    [Fact]
    public async Task A_greeting_sent_one_byte_at_a_time_still_connects()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        var greeting = Hex.Bytes(LibzmqCaptures.IdentifiedDealerGreetingAndReady);
        foreach (var b in greeting)
        {
            peer.Send([b]);
        }
        await peer.Read(64);
        await peer.ReadFrame();
        peer.SendHex("0003787978");
        var echo = await peer.ReadFrame();
        echo.Body.Should().Equal("xyx"u8.ToArray());
    }

    [Fact]
    public async Task A_handshake_never_finished_is_closed_by_the_handshake_timeout()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        peer.SendHex(LibzmqCaptures.DealerSignature);
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.HandshakeFailed)).Reason.Should().Contain("handshake not finished within 0.5 s");
        _log.Lines.Should().ContainSingle(l => l.Contains("handshake not finished", StringComparison.Ordinal));
        await StillServes();
    }

    [Fact]
    public async Task A_frame_declaring_two_to_the_63_bytes_closes_that_connection()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("028000000000000000");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.Disconnected)).Reason.Should().Contain("9223372036854775808 bytes");
        await StillServes();
    }

    [Fact]
    public async Task Reserved_flag_bits_close_that_connection()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("1000");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.Disconnected)).Reason.Should().Contain("0x10 set reserved bits");
        await StillServes();
    }

    [Fact]
    public async Task A_peer_killed_mid_frame_loses_only_its_connection()
    {
        var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("0064" + new string('a', 20));
        peer.Dispose();
        (await Closed(ZmtpConnectionEventKind.Disconnected)).Reason.Should().Contain("middle of a");
        await StillServes();
    }

    [Fact]
    public async Task A_zmtp_2_peer_is_refused_with_one_clear_log_line()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        peer.SendHex(LibzmqCaptures.DealerSignature + "01");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.HandshakeFailed)).Reason.Should().Contain("ZMTP 1.x");
        _log.Lines.Where(l => l.Contains("ZMTP 1.x", StringComparison.Ordinal)).Should().ContainSingle();
        await StillServes();
    }

    [Fact]
    public async Task A_mechanism_mismatch_is_refused()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        var greeting = Hex.Bytes(LibzmqCaptures.DealerSignature + "03" + LibzmqCaptures.Rest);
        "PLAIN"u8.CopyTo(greeting.AsSpan(12));
        peer.Send(greeting);
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.HandshakeFailed)).Reason.Should().Contain("mechanism mismatch: the peer uses PLAIN, this socket NULL");
    }

    [Fact]
    public async Task A_ping_gets_a_pong_with_its_context_and_unknown_commands_are_dropped()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("04060558595a5a59");        // XYZZY: unknown, dropped
        peer.SendHex("0409" + "0450494e47" + "000a" + "abcd"); // PING ttl=1s context=abcd
        var pong = await peer.ReadFrame();
        pong.Flags.Should().Be(0x04);
        Hex.Of(pong.Body).Should().Be("04504f4e47abcd");
        peer.SendHex("00026f6b");
        (await peer.ReadFrame()).Body.Should().Equal("ok"u8.ToArray());
    }

    [Fact]
    public async Task An_incompatible_socket_type_is_refused()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("PUB");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        (await Closed(ZmtpConnectionEventKind.HandshakeFailed)).Reason.Should().Contain("a PUB peer cannot talk to a ROUTER socket");
    }
}
