using System.Buffers.Binary;
using Zask.Zmtp.Crypto;

namespace Zask.Zmtp.Tests.Mechanisms;

/// <summary>The CURVE client and server mechanisms against each other, sans I/O: one's output is fed to the other.</summary>
public class CurveMechanismTests
{
    private static readonly Dictionary<string, byte[]> DealerProperties = new()
    {
        ["Socket-Type"] = "DEALER"u8.ToArray(),
        ["Identity"] = [],
    };

    private static readonly Dictionary<string, byte[]> RouterProperties = new()
    {
        ["Socket-Type"] = "ROUTER"u8.ToArray(),
        ["X-Service"] = "showcase"u8.ToArray(),
    };

    private readonly CurveKeyPair _serverKeys = CurveKeyPair.Generate();
    private readonly CurveKeyPair _clientKeys = CurveKeyPair.Generate();

    [Fact]
    public void Client_and_server_complete_the_handshake_and_exchange_metadata()
    {
        var (client, server, _) = Handshake();

        client.IsReady.Should().BeTrue();
        server.IsReady.Should().BeTrue();
        client.Name.Should().Be("CURVE");
        client.AsServer.Should().BeFalse();
        server.AsServer.Should().BeTrue();
        server.PeerProperties["Socket-Type"].Should().Equal("DEALER"u8.ToArray());
        server.PeerProperties["Identity"].Should().BeEmpty();
        client.PeerProperties["X-Service"].Should().Equal("showcase"u8.ToArray());
        server.ClientPublicKey.Should().Equal(_clientKeys.PublicKey);
    }

    [Fact]
    public void Hello_is_200_bytes_version_1_0_with_72_zero_bytes_and_short_nonce_1()
    {
        var (_, _, commands) = Handshake();
        byte[] hello = commands.Hello;

        hello.Should().HaveCount(200);
        hello.AsSpan(0, 6).ToArray().Should().Equal("\u0005HELLO"u8.ToArray());
        hello[6].Should().Be(1);
        hello[7].Should().Be(0);
        hello.AsSpan(8, 72).ToArray().Should().OnlyContain(b => b == 0);
        BinaryPrimitives.ReadUInt64BigEndian(hello.AsSpan(112)).Should().Be(1);
        // The signature box holds 64 zero bytes from C' to S under nonce "CurveZMQHELLO---" + short nonce.
        var signature = new byte[64];
        LibSodium.BoxOpen(signature, hello.AsSpan(120, 80), Nonce("CurveZMQHELLO---", hello.AsSpan(112, 8)), hello.AsSpan(80, 32), _serverKeys.SecretKey)
            .Should().BeTrue();
        signature.Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Welcome_initiate_and_ready_have_their_layouts_and_nonces()
    {
        var (_, _, commands) = Handshake();

        commands.Welcome.Should().HaveCount(168);
        commands.Welcome.AsSpan(0, 8).ToArray().Should().Equal("\u0007WELCOME"u8.ToArray());
        // WELCOME's box: [S' + cookie] from S to C' under "WELCOME-" + 16 random bytes.
        var welcomePlain = new byte[128];
        LibSodium.BoxOpen(welcomePlain, commands.Welcome.AsSpan(24), Nonce("WELCOME-", commands.Welcome.AsSpan(8, 16)), _serverKeys.PublicKey, commands.ClientTransientSecret)
            .Should().BeTrue();

        // Socket-Type, Identity, then X-Zask-Curve-Batch "1" (both ends offer coalesced boxes by default).
        int batchProperty = 1 + 18 + 4 + 1;
        int dealerMetadata = 1 + 11 + 4 + 6 + 1 + 8 + 4 + batchProperty;
        commands.Initiate.AsSpan(0, 9).ToArray().Should().Equal("\u0008INITIATE"u8.ToArray());
        commands.Initiate.Should().HaveCount(113 + 16 + 32 + 96 + dealerMetadata);
        commands.Initiate.AsSpan(9, 96).ToArray().Should().Equal(welcomePlain.AsSpan(32).ToArray(), "INITIATE returns the cookie verbatim");
        BinaryPrimitives.ReadUInt64BigEndian(commands.Initiate.AsSpan(105)).Should().Be(2);

        int routerMetadata = 1 + 11 + 4 + 6 + 1 + 9 + 4 + 8 + batchProperty;
        commands.Ready.AsSpan(0, 6).ToArray().Should().Equal("\u0005READY"u8.ToArray());
        commands.Ready.Should().HaveCount(14 + 16 + routerMetadata);
        BinaryPrimitives.ReadUInt64BigEndian(commands.Ready.AsSpan(6)).Should().Be(1);
        // READY's box, from S' to C' under "CurveZMQREADY---" + short nonce.
        var readyPlain = new byte[routerMetadata];
        LibSodium.BoxOpen(readyPlain, commands.Ready.AsSpan(14), Nonce("CurveZMQREADY---", commands.Ready.AsSpan(6, 8)), welcomePlain.AsSpan(0, 32), commands.ClientTransientSecret)
            .Should().BeTrue();
        readyPlain.AsSpan(0, 12).ToArray().Should().Equal("\u000BSocket-Type"u8.ToArray());
    }

    [Fact]
    public void Messages_use_the_C_and_S_nonce_prefixes_and_counters_that_continue_the_handshakes()
    {
        var (client, server, commands) = Handshake();
        // Both ends' precomputed key is the one of C' and S'; the test recomputes it from the transient keys.
        var welcomePlain = new byte[128];
        LibSodium.BoxOpen(welcomePlain, commands.Welcome.AsSpan(24), Nonce("WELCOME-", commands.Welcome.AsSpan(8, 16)), _serverKeys.PublicKey, commands.ClientTransientSecret);
        byte[] serverTransient = welcomePlain.AsSpan(0, 32).ToArray();

        for (ulong expected = 3; expected <= 5; expected++)
        {
            byte[] message = Encrypt(client, 0x00, "ping"u8);
            message.Should().HaveCount(33 + 4);
            message.AsSpan(0, 8).ToArray().Should().Equal("\u0007MESSAGE"u8.ToArray());
            BinaryPrimitives.ReadUInt64BigEndian(message.AsSpan(8)).Should().Be(expected, "the client's HELLO was 1 and INITIATE 2");
            var plain = new byte[5];
            LibSodium.BoxOpen(plain, message.AsSpan(16), Nonce("CurveZMQMESSAGEC", message.AsSpan(8, 8)), serverTransient, commands.ClientTransientSecret)
                .Should().BeTrue();
            plain.Should().Equal((byte)0x00, (byte)'p', (byte)'i', (byte)'n', (byte)'g');
            Decrypt(server, message).Should().Equal("ping"u8.ToArray());
        }

        for (ulong expected = 2; expected <= 4; expected++)
        {
            byte[] message = Encrypt(server, 0x01, "pong"u8);
            BinaryPrimitives.ReadUInt64BigEndian(message.AsSpan(8)).Should().Be(expected, "the server's READY was 1");
            var plain = new byte[5];
            LibSodium.BoxOpen(plain, message.AsSpan(16), Nonce("CurveZMQMESSAGES", message.AsSpan(8, 8)), serverTransient, commands.ClientTransientSecret)
                .Should().BeTrue();
            plain[0].Should().Be(0x01);
            client.DecryptFrame(message, new byte[message.Length], out byte flags).Should().Be(4);
            flags.Should().Be(0x01);
        }
    }

    [Fact]
    public void The_command_and_more_flags_travel_inside_the_box()
    {
        var (client, server, _) = Handshake();
        byte[] ping = "\u0004PING\u0000\u0064"u8.ToArray();

        byte[] message = Encrypt(client, 0x02, ping);
        var plain = new byte[ping.Length];
        server.DecryptFrame(message, plain, out byte flags).Should().Be(ping.Length);
        flags.Should().Be(0x02);
        plain.Should().Equal(ping);

        message = Encrypt(server, 0x03, "x"u8);
        client.DecryptFrame(message, new byte[1], out flags).Should().Be(1);
        flags.Should().Be(0x03);
    }

    [Fact]
    public void Empty_and_large_frames_round_trip_into_exact_and_roomy_destinations()
    {
        var (client, server, _) = Handshake();
        byte[] large = new byte[70_000];
        Random.Shared.NextBytes(large);

        byte[] message = Encrypt(client, 0x00, ReadOnlySpan<byte>.Empty);
        message.Should().HaveCount(33);
        server.DecryptFrame(message, Span<byte>.Empty, out _).Should().Be(0);

        message = Encrypt(client, 0x00, large);
        var exact = new byte[large.Length];
        server.DecryptFrame(message, exact, out _).Should().Be(large.Length);
        exact.Should().Equal(large);

        message = Encrypt(client, 0x00, large);
        var roomy = new byte[large.Length + 100];
        server.DecryptFrame(message, roomy, out _).Should().Be(large.Length);
        roomy.AsSpan(0, large.Length).ToArray().Should().Equal(large);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    public void Coalesced_boxes_are_agreed_only_when_both_ends_offer_them(bool clientOffers, bool serverOffers, bool agreed)
    {
        var (client, server, _) = Handshake(clientBatches: clientOffers, serverBatches: serverOffers);

        client.BatchesFrames.Should().Be(agreed);
        server.BatchesFrames.Should().Be(agreed);
        server.PeerProperties.ContainsKey("X-Zask-Curve-Batch").Should().Be(clientOffers);
        client.PeerProperties.ContainsKey("X-Zask-Curve-Batch").Should().Be(serverOffers);
    }

    [Fact]
    public void A_coalesced_box_is_a_message_command_that_continues_the_nonces_and_opens_in_place()
    {
        var (client, server, commands) = Handshake();
        byte[] frames = [0x01, 0x00, 0x00, 0x05, .. "hello"u8];
        var box = new byte[32 + frames.Length];
        frames.CopyTo(box, 32);

        client.SealBatch(box);

        box.AsSpan(0, 8).ToArray().Should().Equal("\u0007MESSAGE"u8.ToArray());
        BinaryPrimitives.ReadUInt64BigEndian(box.AsSpan(8)).Should().Be(3, "the client's HELLO was 1 and INITIATE 2");
        // The box is an ordinary CurveZMQ box of its plaintext, the frames, under the client's MESSAGE nonce.
        var welcomePlain = new byte[128];
        LibSodium.BoxOpen(welcomePlain, commands.Welcome.AsSpan(24), Nonce("WELCOME-", commands.Welcome.AsSpan(8, 16)), _serverKeys.PublicKey, commands.ClientTransientSecret);
        var plain = new byte[frames.Length];
        LibSodium.BoxOpen(plain, box.AsSpan(16), Nonce("CurveZMQMESSAGEC", box.AsSpan(8, 8)), welcomePlain.AsSpan(0, 32), commands.ClientTransientSecret)
            .Should().BeTrue();
        plain.Should().Equal(frames);

        server.OpenBatch(box).Should().Be(frames.Length);
        box.AsSpan(32).ToArray().Should().Equal(frames);
    }

    [Fact]
    public void A_replayed_or_tampered_coalesced_box_is_refused()
    {
        var (client, server, _) = Handshake();
        byte[] first = SealBox(client, "one"u8);
        byte[] second = SealBox(client, "two"u8);
        byte[] replay = first.ToArray();
        server.OpenBatch(first);

        var replayed = () => server.OpenBatch(replay.ToArray());
        replayed.Should().Throw<MechanismException>().WithMessage("*not above the last one accepted*");
        byte[] tampered = second.ToArray();
        tampered[^1] ^= 0x01;
        var forged = () => server.OpenBatch(tampered);
        forged.Should().Throw<MechanismException>().WithMessage("*did not authenticate*");
        server.OpenBatch(second).Should().Be(3, "a forged box does not move the nonce window");
    }

    [Fact]
    public void Disposing_wipes_the_keys_so_nothing_opens_afterwards()
    {
        var (client, server, _) = Handshake();
        byte[] box = SealBox(client, "late"u8);

        server.Dispose();

        var open = () => server.OpenBatch(box);
        open.Should().Throw<MechanismException>().WithMessage("*did not authenticate*");
    }

    [Fact]
    public void A_replayed_message_is_rejected()
    {
        var (client, server, _) = Handshake();
        byte[] message = Encrypt(client, 0x00, "once"u8);
        Decrypt(server, message).Should().Equal("once"u8.ToArray());

        var act = () => Decrypt(server, message);
        act.Should().Throw<MechanismException>().WithMessage("MESSAGE nonce 3 is not above the last one accepted (3)*");
    }

    [Fact]
    public void A_reordered_message_is_rejected()
    {
        var (client, server, _) = Handshake();
        byte[] first = Encrypt(client, 0x00, "first"u8);
        byte[] second = Encrypt(client, 0x00, "second"u8);
        Decrypt(server, second).Should().Equal("second"u8.ToArray());

        var act = () => Decrypt(server, first);
        act.Should().Throw<MechanismException>().WithMessage("*replayed or reordered*");
    }

    [Fact]
    public void A_tampered_box_is_rejected_and_does_not_move_the_nonce_window()
    {
        var (client, server, _) = Handshake();
        byte[] message = Encrypt(client, 0x00, "payload"u8);
        byte[] tampered = (byte[])message.Clone();
        tampered[^1] ^= 0x01;
        var act = () => Decrypt(server, tampered);
        act.Should().Throw<MechanismException>().WithMessage("*did not authenticate*");

        // A forged nonce far ahead must not lock the real sender out either.
        byte[] forged = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt64BigEndian(forged.AsSpan(8), 1_000_000);
        act = () => Decrypt(server, forged);
        act.Should().Throw<MechanismException>().WithMessage("*did not authenticate*");

        Decrypt(server, message).Should().Equal("payload"u8.ToArray());
    }

    [Fact]
    public void A_message_of_the_own_direction_does_not_open()
    {
        // The shared key is the same both ways; only the C/S nonce prefix tells the directions apart.
        var (client, _, _) = Handshake();
        byte[] message = Encrypt(client, 0x00, "mirror"u8);
        var act = () => Decrypt(client, message);
        act.Should().Throw<MechanismException>().WithMessage("*did not authenticate*");
    }

    [Fact]
    public void A_server_with_another_key_cannot_open_hello()
    {
        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
        var impostor = new CurveServerMechanism(CurveKeyPair.Generate(), RouterProperties, null);
        var output = new List<byte[]>();
        client.Start(output);

        var answer = new List<byte[]>();
        var act = () => impostor.OnCommand(output[0], answer);
        act.Should().Throw<MechanismException>().WithMessage("cannot open the client's HELLO*");
        answer.Should().BeEmpty("a server that cannot open HELLO owes no WELCOME");
    }

    [Fact]
    public void A_welcome_boxed_by_another_server_key_fails_at_welcome()
    {
        // A server holding another key pair answers the client's HELLO as if it were the server the client trusts.
        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
        var output = new List<byte[]>();
        client.Start(output);
        var impostorKeys = CurveKeyPair.Generate();
        byte[] clientTransient = output[0].AsSpan(80, 32).ToArray();
        var welcome = new byte[168];
        "\u0007WELCOME"u8.CopyTo(welcome);
        LibSodium.RandomBytes(welcome.AsSpan(8, 16));
        var plain = new byte[128];
        LibSodium.RandomBytes(plain);
        LibSodium.Box(welcome.AsSpan(24), plain, Nonce("WELCOME-", welcome.AsSpan(8, 16)), clientTransient, impostorKeys.SecretKey);

        output.Clear();
        var act = () => client.OnCommand(welcome, output);
        act.Should().Throw<MechanismException>().WithMessage("cannot open the server's WELCOME*wrong server key*");
        output.Should().BeEmpty();
        client.IsReady.Should().BeFalse();
    }

    [Fact]
    public void A_client_refused_by_the_allow_list_gets_an_error_then_the_exception()
    {
        var other = CurveKeyPair.Generate();
        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
        var server = (CurveServerMechanism)CurveSecurity.Server(_serverKeys, [other.PublicKey]).CreateMechanism(RouterProperties);
        var toServer = new List<byte[]>();
        var toClient = new List<byte[]>();
        client.Start(toServer);
        server.OnCommand(toServer[0], toClient);
        toServer.Clear();
        client.OnCommand(toClient[0], toServer);
        toClient.Clear();

        var refuse = () => server.OnCommand(toServer[0], toClient);
        refuse.Should().Throw<MechanismException>().WithMessage($"client key {_clientKeys.PublicKeyZ85} is not allowed*");
        server.IsReady.Should().BeFalse();
        toClient.Should().ContainSingle().Which.Should().Equal("\u0005ERROR\u0003400"u8.ToArray());

        var refused = () => client.OnCommand(toClient[0], []);
        refused.Should().Throw<MechanismException>().WithMessage("*ERROR \"400\"*authentication refused*");
        client.IsReady.Should().BeFalse();
    }

    [Fact]
    public void A_client_on_the_allow_list_is_accepted()
    {
        var security = CurveSecurity.Server(_serverKeys, [CurveKeyPair.Generate().PublicKey, _clientKeys.PublicKey]);
        var (_, server, _) = Handshake(security);
        server.IsReady.Should().BeTrue();
    }

    [Fact]
    public void An_allow_list_that_throws_refuses_the_client()
    {
        var security = CurveSecurity.Server(_serverKeys, _ => throw new InvalidOperationException("key store offline"));
        var act = () => Handshake(security);
        act.Should().Throw<MechanismException>().WithMessage("the allow list failed*").WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void Malformed_handshake_commands_get_precise_errors()
    {
        var server = new CurveServerMechanism(_serverKeys, RouterProperties, null);
        var act = () => server.OnCommand("\u0005HELLO\u0001\u0000"u8, []);
        act.Should().Throw<MechanismException>().WithMessage("expected a 200-byte HELLO, got HELLO (8 bytes)");

        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
        var output = new List<byte[]>();
        client.Start(output);
        byte[] hello = output[0];
        hello[6] = 2;
        server = new CurveServerMechanism(_serverKeys, RouterProperties, null);
        act = () => server.OnCommand(hello, []);
        act.Should().Throw<MechanismException>().WithMessage("HELLO asks for CurveZMQ version 2.0*");
    }

    [Fact]
    public void A_replayed_initiate_is_refused()
    {
        var (_, _, commands) = Handshake();

        // Another connection to the same server replays the captured HELLO and INITIATE: its WELCOME made a new
        // cookie key, so the old cookie does not open.
        var other = new CurveServerMechanism(_serverKeys, RouterProperties, null);
        other.OnCommand(commands.Hello, []);
        var act = () => other.OnCommand(commands.Initiate, []);
        act.Should().Throw<MechanismException>().WithMessage("INITIATE does not carry the cookie*");
        other.IsReady.Should().BeFalse();
    }

    [Fact]
    public void Garbage_at_every_step_gets_a_mechanism_exception_and_nothing_worse()
    {
        var random = new Random(18);
        string[] names = ["\u0005HELLO", "\u0007WELCOME", "\u0008INITIATE", "\u0005READY", "\u0005ERROR", "\u0007MESSAGE", ""];
        int[] lengths = [0, 1, 6, 29, 30, 33, 167, 168, 199, 200, 256, 257, 300];
        foreach (string name in names)
        {
            foreach (int length in lengths)
            {
                var command = new byte[Math.Max(length, name.Length)];
                random.NextBytes(command);
                Encoding.ASCII.GetBytes(name).CopyTo(command, 0);

                var server = new CurveServerMechanism(_serverKeys, RouterProperties, null);
                var act = () => server.OnCommand(command, []);
                act.Should().Throw<MechanismException>($"the server's HELLO step got {name.Trim()} of {command.Length} bytes");

                var (_, midServer, commands) = Handshake();
                var afterWelcome = new CurveServerMechanism(_serverKeys, RouterProperties, null);
                afterWelcome.OnCommand(commands.Hello, []);
                act = () => afterWelcome.OnCommand(command, []);
                act.Should().Throw<MechanismException>($"the server's INITIATE step got {name.Trim()} of {command.Length} bytes");

                var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
                client.Start([]);
                act = () => client.OnCommand(command, []);
                act.Should().Throw<MechanismException>($"the client's WELCOME step got {name.Trim()} of {command.Length} bytes");

                var waitingForReady = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
                var hello = new List<byte[]>();
                waitingForReady.Start(hello);
                var welcome = new List<byte[]>();
                new CurveServerMechanism(_serverKeys, RouterProperties, null).OnCommand(hello[0], welcome);
                waitingForReady.OnCommand(welcome[0], []);
                act = () => waitingForReady.OnCommand(command, []);
                act.Should().Throw<MechanismException>($"the client's READY step got {name.Trim()} of {command.Length} bytes");

                if (command.Length >= 33)
                {
                    act = () => midServer.DecryptFrame(command, new byte[command.Length], out _);
                    act.Should().Throw<MechanismException>($"a ready server got {name.Trim()} of {command.Length} bytes as MESSAGE");
                }
            }
        }
    }

    [Fact]
    public void Encrypting_and_decrypting_allocates_nothing_per_message()
    {
        var (client, server, _) = Handshake();
        byte[] body = new byte[1024];
        byte[] message = new byte[client.EncryptedLength(body.Length)];
        byte[] plain = new byte[body.Length];
        for (int i = 0; i < 100; i++)
        {
            client.EncryptFrame(0x00, body, message);
            server.DecryptFrame(message, plain, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            client.EncryptFrame(0x00, body, message);
            server.DecryptFrame(message, plain, out _);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
    }

    [Fact]
    public void Frames_cannot_flow_before_the_handshake()
    {
        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties);
        var act = () => client.EncryptFrame(0, "x"u8, new byte[34]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*handshake is not complete*");
    }

    private (CurveClientMechanism Client, CurveServerMechanism Server, Transcript Commands) Handshake(CurveSecurity? serverSecurity = null,
        bool clientBatches = true, bool serverBatches = true)
    {
        var transient = CurveKeyPair.Generate();
        var client = new CurveClientMechanism(_clientKeys, _serverKeys.PublicKey, DealerProperties, transient, clientBatches);
        var server = (CurveServerMechanism)(serverSecurity ?? CurveSecurity.Server(_serverKeys)).CreateMechanism(RouterProperties, serverBatches);
        var transcript = new Transcript { ClientTransientSecret = transient.SecretKey };
        var toServer = new List<byte[]>();
        var toClient = new List<byte[]>();
        server.Start(toClient);
        toClient.Should().BeEmpty("the CURVE server waits for HELLO");
        client.Start(toServer);
        transcript.Hello = toServer.Single();
        server.OnCommand(transcript.Hello, toClient);
        transcript.Welcome = toClient.Single();
        toServer.Clear();
        client.OnCommand(transcript.Welcome, toServer);
        transcript.Initiate = toServer.Single();
        toClient.Clear();
        server.OnCommand(transcript.Initiate, toClient);
        transcript.Ready = toClient.Single();
        toServer.Clear();
        client.OnCommand(transcript.Ready, toServer);
        toServer.Should().BeEmpty();
        return (client, server, transcript);
    }

    private static byte[] Encrypt(Mechanism mechanism, byte flags, ReadOnlySpan<byte> body)
    {
        var message = new byte[mechanism.EncryptedLength(body.Length)];
        mechanism.EncryptFrame(flags, body, message).Should().Be(message.Length);
        return message;
    }

    private static byte[] SealBox(Mechanism mechanism, ReadOnlySpan<byte> plaintext)
    {
        var box = new byte[Mechanism.BatchPrefixLength + plaintext.Length];
        plaintext.CopyTo(box.AsSpan(Mechanism.BatchPrefixLength));
        mechanism.SealBatch(box);
        return box;
    }

    private static byte[] Decrypt(Mechanism mechanism, byte[] message)
    {
        var plain = new byte[message.Length - 33];
        int length = mechanism.DecryptFrame(message, plain, out _);
        return plain.AsSpan(0, length).ToArray();
    }

    private static byte[] Nonce(string prefix, ReadOnlySpan<byte> rest)
    {
        var nonce = new byte[24];
        Encoding.ASCII.GetBytes(prefix).CopyTo(nonce, 0);
        rest.CopyTo(nonce.AsSpan(prefix.Length));
        return nonce;
    }

    private sealed class Transcript
    {
        public byte[] Hello { get; set; } = [];
        public byte[] Welcome { get; set; } = [];
        public byte[] Initiate { get; set; } = [];
        public byte[] Ready { get; set; } = [];
        public byte[] ClientTransientSecret { get; set; } = [];
    }
}
