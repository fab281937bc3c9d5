using Zask.Zmtp.Tests.Framing;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// Peers that break the rules: each loses only its own connection, with one clear log line, and the server keeps
/// serving: a bystander connected before the hostile peer still gets its echo afterwards, and so does a new peer.
/// </summary>
public sealed class HostilePeerTests : IAsyncLifetime
{
    private readonly TestLogger _log = new();
    private readonly List<ZmtpConnectionEvent> _events = [];
    private readonly ZmtpSocket _router;
    private readonly string _endpoint;
    private readonly ZmtpSocket _bystander = new(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });

    public HostilePeerTests()
    {
        _router = new ZmtpSocket(ZmtpSocketType.Router, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = _log,
            // Short for the handshake-timeout test, long enough for a loaded machine to finish real handshakes.
            HandshakeInterval = TimeSpan.FromSeconds(2),
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

    public async Task InitializeAsync()
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bystander.ConnectionEvent += (_, e) =>
        {
            if (e.Kind == ZmtpConnectionEventKind.Connected)
            {
                connected.TrySetResult();
            }
        };
        _bystander.Connect(_endpoint);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ClearEvents();
    }

    public Task DisposeAsync()
    {
        _bystander.Dispose();
        _router.Dispose();
        return Task.CompletedTask;
    }

    // The bystander's own Connected event is not what a test waits for.
    private void ClearEvents()
    {
        lock (_events)
        {
            _events.Clear();
        }
    }

    // Waits for the event that names the expected reason: other connections (the bystander's) may raise theirs too.
    private async Task Closed(ZmtpConnectionEventKind kind, string reason)
    {
        await Eventually.True(() =>
        {
            lock (_events)
            {
                return _events.Any(e => e.Kind == kind && e.Reason!.Contains(reason, StringComparison.Ordinal));
            }
        }, $"a {kind} event saying '{reason}'");
    }

    private async Task StillServes()
    {
        _bystander.Send("still connected?"u8.ToArray());
        (await Receiving.Receive(_bystander)).GetString(0).Should().Be("still connected?", "only the hostile peer's connection closes");
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
        await StillServes();
    }

    [Fact]
    public async Task A_handshake_never_finished_is_closed_by_the_handshake_timeout()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        peer.SendHex(LibzmqCaptures.DealerSignature);
        (await peer.IsClosedByPeer()).Should().BeTrue();
        await Closed(ZmtpConnectionEventKind.HandshakeFailed, "handshake not finished within 2 s");
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
        await Closed(ZmtpConnectionEventKind.Disconnected, "9223372036854775808 bytes");
        await StillServes();
    }

    [Fact]
    public async Task Reserved_flag_bits_close_that_connection()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("1000");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        await Closed(ZmtpConnectionEventKind.Disconnected, "0x10 set reserved bits");
        await StillServes();
    }

    [Fact]
    public async Task A_peer_killed_mid_frame_loses_only_its_connection()
    {
        var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("0064" + new string('a', 20));
        peer.Dispose();
        await Closed(ZmtpConnectionEventKind.Disconnected, "middle of a");
        await StillServes();
    }

    [Fact]
    public async Task A_zmtp_2_peer_is_refused_with_one_clear_log_line()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        // A ZMTP 2.0 greeting (RFC 15): the signature, then revision 1.
        peer.SendHex(LibzmqCaptures.DealerSignature + "01");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        await Closed(ZmtpConnectionEventKind.HandshakeFailed, "peer speaks ZMTP 2.0 (greeting revision 1); only ZMTP 3.0 and later are supported");
        _log.Lines.Where(l => l.Contains("ZMTP 2.0", StringComparison.Ordinal)).Should().ContainSingle();
        await StillServes();
    }

    [Fact]
    public async Task A_zmtp_1_peer_is_refused_with_one_clear_log_line()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        // ZMTP 1.0 (RFC 13) opens with its identity as a frame: length 1, flags 0, no signature.
        peer.SendHex("0100");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        await Closed(ZmtpConnectionEventKind.HandshakeFailed, "peer speaks ZMTP 1.0 (no greeting signature)");
        _log.Lines.Where(l => l.Contains("ZMTP 1.0", StringComparison.Ordinal)).Should().ContainSingle();
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
        await Closed(ZmtpConnectionEventKind.HandshakeFailed, "mechanism mismatch: the peer uses PLAIN, this socket NULL");
        _log.Lines.Where(l => l.Contains("mechanism mismatch", StringComparison.Ordinal)).Should().ContainSingle();
        await StillServes();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)] // libzmq pings 3.0 peers too, and they answer
    public async Task A_ping_gets_a_pong_with_its_context_and_unknown_commands_are_dropped(byte minor)
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("DEALER", minor);
        peer.SendHex("04060558595a5a59");        // XYZZY: unknown, dropped
        peer.SendHex("0409" + "0450494e47" + "000a" + "abcd"); // PING ttl=1s context=abcd
        var pong = await peer.ReadFrame();
        pong.Flags.Should().Be(0x04);
        Hex.Of(pong.Body).Should().Be("04504f4e47abcd");
        peer.SendHex("00026f6b");
        (await peer.ReadFrame()).Body.Should().Equal("ok"u8.ToArray());
        await StillServes();
    }

    [Fact]
    public async Task An_incompatible_socket_type_is_refused()
    {
        using var peer = await RawPeer.Connect(_endpoint);
        await peer.Handshake("PUB");
        (await peer.IsClosedByPeer()).Should().BeTrue();
        await Closed(ZmtpConnectionEventKind.HandshakeFailed, "a PUB peer cannot talk to a ROUTER socket");
        await StillServes();
    }
}
