namespace Zask.Zmtp.Tests.Mechanisms;

/// <summary>
/// The engine's CURVE plumbing, driven by a stand-in mechanism that "encrypts" by XOR: handshake commands through
/// Start/OnCommand, then every frame — data, and commands with the inner 0x02 flag — wrapped in MESSAGE commands.
/// </summary>
public class EncryptingMechanismTests
{
    private sealed class XorMechanism : Mechanism
    {
        private readonly NullMechanism _inner;
        private readonly bool _asServer;

        public XorMechanism(IReadOnlyDictionary<string, byte[]> properties, bool asServer, List<byte> innerFlagsSeen)
        {
            _inner = new NullMechanism(properties);
            _asServer = asServer;
            InnerFlagsSeen = innerFlagsSeen;
        }

        public List<byte> InnerFlagsSeen { get; }

        public override string Name => "XOR";

        public override bool AsServer => _asServer;

        public override bool IsReady => _inner.IsReady;

        public override IReadOnlyDictionary<string, byte[]> PeerProperties => _inner.PeerProperties;

        public override bool EncryptsFrames => true;

        public override void Start(List<byte[]> output) => _inner.Start(output);

        public override void OnCommand(ReadOnlySpan<byte> command, List<byte[]> output) => _inner.OnCommand(command, output);

        public override int EncryptedLength(int bodyLength) => bodyLength + 33;

        public override int EncryptFrame(byte flags, ReadOnlySpan<byte> body, Span<byte> destination)
        {
            "\x07MESSAGE"u8.CopyTo(destination);
            destination[8..32].Clear();
            destination[32] = (byte)(flags ^ 0x5A);
            for (var i = 0; i < body.Length; i++)
            {
                destination[33 + i] = (byte)(body[i] ^ 0x5A);
            }
            return body.Length + 33;
        }

        public override int DecryptFrame(ReadOnlySpan<byte> message, Span<byte> destination, out byte flags)
        {
            flags = (byte)(message[32] ^ 0x5A);
            lock (InnerFlagsSeen)
            {
                InnerFlagsSeen.Add(flags);
            }
            for (var i = 33; i < message.Length; i++)
            {
                destination[i - 33] = (byte)(message[i] ^ 0x5A);
            }
            return message.Length - 33;
        }
    }

    private static ZmtpSocketOptions Options(bool asServer, List<byte> seen) => new()
    {
        Linger = TimeSpan.Zero,
        Logger = new TestLogger(),
        MechanismFactory = properties => new XorMechanism(properties, asServer, seen),
    };

    [Fact]
    public async Task Messages_travel_wrapped_and_come_out_whole()
    {
        var seen = new List<byte>();
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options(true, seen));
        router.ReceiveHandler = m => router.Send(m);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options(false, seen));
        dealer.Connect(endpoint);
        dealer.Send(Array.Empty<byte>(), "secret"u8.ToArray());
        var reply = await Receiving.Receive(dealer);
        reply.Count.Should().Be(2);
        reply.GetString(1).Should().Be("secret");
        lock (seen)
        {
            seen.Should().Contain(0x01, "the first frame of two carries MORE inside the box").And.Contain(0x00);
        }
    }

    [Fact]
    public async Task Subscriptions_travel_as_wrapped_commands()
    {
        var seen = new List<byte>();
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options(true, seen));
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, Options(false, seen));
        sub.Subscribe("t");
        sub.Connect(endpoint);
        var publisher = new Republisher(_ =>
        {
            pub.Send("t1"u8.ToArray());
        });
        (await Receiving.Receive(sub)).GetString(0).Should().Be("t1");
        await publisher.DisposeAsync();
        lock (seen)
        {
            seen.Should().Contain(0x02, "SUBSCRIBE is a command: flag 0x02 inside the box");
        }
    }

    [Fact]
    public async Task A_mismatched_mechanism_name_is_refused()
    {
        var seen = new List<byte>();
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options(true, seen));
        var events = new List<ZmtpConnectionEvent>();
        router.ConnectionEvent += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, new() { Linger = TimeSpan.Zero });
        dealer.Connect(endpoint);
        await Eventually.True(() =>
        {
            lock (events)
            {
                return events.Any(e => e.Reason?.Contains("the peer uses NULL, this socket XOR", StringComparison.Ordinal) == true);
            }
        }, "the mismatch refused");
    }
}
