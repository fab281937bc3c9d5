using System.Buffers.Binary;
using Zask.Zmtp.Mechanisms;
using Zask.Zmtp.Security;
using Zask.Zmtp.Tests.Support;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// Coalesced CURVE boxes between Zask.Zmtp peers (X-Zask-Curve-Batch): a real echo ROUTER over loopback TCP, read on
/// the wire by a test-driven CURVE peer, and Zask.Zmtp sockets on both ends; libzmq peers keep one MESSAGE per frame.
/// </summary>
public sealed class CurveBatchingTests : IDisposable
{
    private readonly CurveKeyPair _serverKeys = CurveKeyPair.Generate();
    private readonly List<ZmtpConnectionEvent> _events = [];
    private readonly ZmtpSocket _router;
    private readonly int _port;

    public CurveBatchingTests() : this(batching: true)
    {
    }

    private CurveBatchingTests(bool batching, long maxMessageSize = -1)
    {
        _router = new ZmtpSocket(ZmtpSocketType.Router, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = new TestLogger(),
            Curve = CurveSecurity.Server(_serverKeys),
            CurveBatching = batching,
            MaxMessageSize = maxMessageSize,
        });
        _router.ConnectionEvent += (_, e) =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
        _router.ReceiveHandler = m => _router.Send(m);
        string endpoint = _router.Bind("tcp://127.0.0.1:*");
        _port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _router.Dispose();

    [Fact]
    public void A_batching_peer_gets_a_whole_message_in_one_box_of_plain_zmtp_frames()
    {
        using var driver = Driver(offerBatching: true);

        driver.SendBox(Frames((0x01, ""u8.ToArray()), (0x00, "hello"u8.ToArray())));

        // The echo's two frames: one MESSAGE on the wire, whose plaintext is the frames as ZMTP writes them.
        driver.ReceiveBox().Should().Equal(Frames((0x01, ""u8.ToArray()), (0x00, "hello"u8.ToArray())));
    }

    [Fact]
    public void A_peer_that_does_not_offer_batching_gets_one_message_command_per_frame()
    {
        using var driver = Driver(offerBatching: false);

        driver.Send([], "hello"u8.ToArray());

        driver.Receive().Should().BeEquivalentTo(new[] { Array.Empty<byte>(), "hello"u8.ToArray() }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_server_with_batching_turned_off_does_not_announce_it_and_sends_one_message_per_frame()
    {
        using var server = new CurveBatchingTests(batching: false);
        using var driver = server.Driver(offerBatching: true);

        driver.Send([], "hello"u8.ToArray());

        (byte flags, byte[] first) = driver.ReceiveWireFrame();
        flags.Should().Be(0x00, "libzmq's MESSAGE framing: a data frame with no flags");
        first.Should().HaveCount(33, "the empty delimiter alone in its box: name, nonce, authenticator, inner flags");
        driver.ReceiveWireFrame().Body.Should().HaveCount(33 + 5);
    }

    [Fact]
    public void Frames_split_anywhere_across_boxes_come_out_whole()
    {
        using var driver = Driver(offerBatching: true);
        byte[] large = new byte[300];
        Random.Shared.NextBytes(large);
        byte[] stream = Frames((0x01, ""u8.ToArray()), (0x01, "part"u8.ToArray()), (0x00, large));

        // Cuts inside a short header, inside a long header and inside a body, each in a box of its own.
        int[] cuts = [1, 3, 9, 12, 100, stream.Length - 1];
        int from = 0;
        foreach (int cut in cuts)
        {
            driver.SendBox(stream.AsSpan(from, cut - from));
            from = cut;
        }
        driver.SendBox(stream.AsSpan(from));

        driver.ReceiveBox().Should().Equal(stream, "the echo of the whole message, which fits one box");
    }

    [Fact]
    public async Task A_tampered_box_closes_only_its_connection()
    {
        using var driver = Driver(offerBatching: true);
        driver.SendBox(Frames((0x00, "first"u8.ToArray())));
        driver.ReceiveBox().Should().Equal(Frames((0x00, "first"u8.ToArray())));

        driver.SendBox(Frames((0x00, "forged"u8.ToArray())), tamper: true);

        driver.PeerClosed().Should().BeTrue();
        await Disconnected("did not authenticate", "the forged box's connection closed, saying why");
        using var dealer = Dealer(batching: true);
        dealer.Send("still there?"u8.ToArray());
        (await Receiving.Receive(dealer)).GetString(0).Should().Be("still there?");
    }

    [Fact]
    public async Task A_replayed_box_closes_its_connection()
    {
        using var driver = Driver(offerBatching: true);
        byte[] box = driver.SendBox(Frames((0x00, "once"u8.ToArray())));
        driver.ReceiveBox().Should().Equal(Frames((0x00, "once"u8.ToArray())));

        driver.SendRaw(box);

        driver.PeerClosed().Should().BeTrue();
        await Disconnected("replayed or reordered", "the replayed box's connection closed, saying why");
    }

    [Fact]
    public async Task A_box_over_64_KiB_of_frames_closes_its_connection()
    {
        using var driver = Driver(offerBatching: true);

        try
        {
            driver.SendBox(new byte[(64 * 1024) + 1]);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server may close as soon as it has read the box's size, before the box is all written.
        }

        await Disconnected("over the 65568-byte limit", "the oversized box refused by the frame limit of boxes");
    }

    [Fact]
    public async Task The_message_size_limit_applies_to_the_frames_inside_boxes_not_to_the_boxes()
    {
        // The limit also holds the handshake's commands (INITIATE is some 320 bytes).
        using var server = new CurveBatchingTests(batching: true, maxMessageSize: 500);
        using var driver = server.Driver(offerBatching: true);

        // A message of twenty 450-byte frames in one 9 KB box: each frame is under the limit, the box is not.
        byte[] frame = new byte[450];
        byte[] stream = [.. Enumerable.Range(0, 20).SelectMany(i => Frames((i < 19 ? (byte)0x01 : (byte)0x00, frame)))];
        driver.SendBox(stream);
        driver.ReceiveBox().Should().Equal(stream, "the echo, in one box of its own");

        driver.SendBox(Frames((0x00, new byte[501])));
        driver.PeerClosed().Should().BeTrue();
        await server.Disconnected("over the 500-byte limit", "the oversized frame inside a box refused");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Large_and_many_messages_round_trip_between_zask_peers(bool clientBatching)
    {
        using var dealer = Dealer(clientBatching);
        var sent = new List<byte[][]>();
        for (int i = 0; i < 40; i++)
        {
            // Sizes around and well past a box's 64 KiB, with short frames between: frames span boxes.
            byte[] body = new byte[i % 4 == 0 ? 200_000 + i : 10 * i];
            Random.Shared.NextBytes(body);
            sent.Add([BitConverter.GetBytes(i), body]);
        }
        foreach (byte[][] message in sent)
        {
            dealer.TrySendDeferred(message[0], message[1]).Should().BeTrue();
        }

        foreach (byte[][] expected in sent)
        {
            var reply = await Receiving.Receive(dealer, 30_000);
            reply.Should().HaveCount(2);
            reply[0].Should().Equal(expected[0]);
            reply[1].Should().Equal(expected[1]);
        }
    }

    [Fact]
    public async Task Subscriptions_travel_as_commands_inside_boxes_and_filter_between_zask_peers()
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Curve = CurveSecurity.Server(_serverKeys),
        });
        string endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Curve = CurveSecurity.Client(_serverKeys.PublicKey),
        });
        sub.Subscribe("wanted");
        sub.Connect(endpoint);
        await using (new Republisher(_ =>
        {
            // Queued together, so often sealed in one box: the publisher still drops the one not subscribed to.
            pub.TrySendDeferred("other"u8.ToArray());
            pub.TrySendDeferred("wanted"u8.ToArray());
        }))
        {
            (await Receiving.Receive(sub)).GetString(0).Should().Be("wanted");
            (await Receiving.Receive(sub)).GetString(0).Should().Be("wanted", "only the subscribed topic ever arrives");
        }
    }

    [PyzmqFact]
    public async Task A_pyzmq_curve_server_gets_one_message_per_frame_from_a_zask_dealer()
    {
        using var peer = PyZmqPeer.StartServer();
        string[] words = peer.WaitFor("SERVER").Split(' ');
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = new TestLogger(),
            Curve = CurveSecurity.Client(Z85.Decode(words[2])),
        });
        dealer.Connect($"tcp://127.0.0.1:{words[1]}");

        dealer.Send("hello from zask"u8.ToArray());

        // libzmq takes each MESSAGE as one frame: a coalesced box would have reached it as garbage.
        peer.WaitFor("GOT").Should().Be("GOT hello from zask");
        (await Receiving.Receive(dealer)).GetString(0).Should().Be("echo:hello from zask");
    }

    [PyzmqFact]
    public void A_pyzmq_curve_client_is_answered_one_message_per_frame()
    {
        using var peer = PyZmqPeer.StartClient(_port, _serverKeys.PublicKeyZ85);
        peer.WaitFor("CLIENT");
        peer.Go();

        // The echo, which libzmq reads as one frame only if it came as a MESSAGE of its own.
        peer.WaitFor("GOT").Should().Be("GOT hello from pyzmq");
    }

    private Task Disconnected(string reason, string what) => Eventually.True(() =>
    {
        lock (_events)
        {
            return _events.Any(e => e.Kind == ZmtpConnectionEventKind.Disconnected
                && e.Reason?.Contains(reason, StringComparison.Ordinal) == true);
        }
    }, what);

    private CurveWireDriver Driver(bool offerBatching)
    {
        var mechanism = CurveSecurity.Client(_serverKeys.PublicKey).CreateMechanism(CurveWireDriver.DealerProperties, offerBatching);
        var driver = CurveWireDriver.Connect(_port, mechanism);
        driver.Handshake();
        mechanism.BatchesFrames.Should().Be(offerBatching && _router.Options.CurveBatching);
        return driver;
    }

    private ZmtpSocket Dealer(bool batching)
    {
        var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new ZmtpSocketOptions
        {
            Linger = TimeSpan.Zero,
            Logger = new TestLogger(),
            Curve = CurveSecurity.Client(_serverKeys.PublicKey),
            CurveBatching = batching,
        });
        dealer.Connect($"tcp://127.0.0.1:{_port}");
        return dealer;
    }

    private static byte[] Frames(params (byte Flags, byte[] Body)[] frames)
    {
        var stream = new List<byte>();
        foreach (var (flags, body) in frames)
        {
            if (body.Length > 255)
            {
                var size = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)body.Length);
                stream.Add((byte)(flags | 0x02));
                stream.AddRange(size);
            }
            else
            {
                stream.Add(flags);
                stream.Add((byte)body.Length);
            }
            stream.AddRange(body);
        }
        return [.. stream];
    }
}
