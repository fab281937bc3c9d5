using System.Net;
using NetMQ;
using NetMQ.Sockets;

namespace Zask.Zmtp.Tests.Mechanisms;

/// <summary>
/// Our CURVE mechanisms against NetMQ 4.0.4.5 (a ZMTP 3.0 peer whose CURVE runs on NaCl.Net) over real loopback TCP.
/// </summary>
public class CurveNetMqInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public void Our_client_talks_to_a_netmq_curve_server()
    {
        var serverCertificate = new NetMQCertificate();
        using var router = new RouterSocket();
        router.Options.CurveServer = true;
        router.Options.CurveCertificate = serverCertificate;
        int port = router.BindRandomPort("tcp://127.0.0.1");
        using var driver = CurveWireDriver.Connect(port, CurveSecurity.Client(serverCertificate.PublicKey).CreateMechanism(CurveWireDriver.DealerProperties));

        driver.Handshake();
        driver.PeerGreeting.Minor.Should().Be(0, "NetMQ speaks ZMTP 3.0");
        driver.Send("hello from zask"u8.ToArray());

        NetMQMessage? request = null;
        router.TryReceiveMultipartMessage(Deadline, ref request).Should().BeTrue();
        request![1].ToByteArray().Should().Equal("hello from zask"u8.ToArray());
        var reply = new NetMQMessage();
        reply.Append(request[0]);
        reply.Append("echo"u8.ToArray());
        router.SendMultipartMessage(reply);
        driver.Receive().Should().ContainSingle().Which.Should().Equal("echo"u8.ToArray());
    }

    [Fact]
    public void Our_client_with_a_wrong_server_key_gets_no_welcome_from_netmq()
    {
        using var router = new RouterSocket();
        router.Options.CurveServer = true;
        router.Options.CurveCertificate = new NetMQCertificate();
        int port = router.BindRandomPort("tcp://127.0.0.1");
        var mechanism = CurveSecurity.Client(new NetMQCertificate().PublicKey).CreateMechanism(CurveWireDriver.DealerProperties);
        using var driver = CurveWireDriver.Connect(port, mechanism);

        var act = () => driver.Handshake();

        act.Should().Throw<EndOfStreamException>();
        mechanism.IsReady.Should().BeFalse();
    }

    [Fact]
    public void A_netmq_curve_client_talks_to_our_server()
    {
        var serverKeys = CurveKeyPair.Generate();
        var clientCertificate = new NetMQCertificate();
        using var listener = CurveWireDriver.Listen(out int port);
        using var dealer = NetMqClient(port, serverKeys, clientCertificate, "hello from netmq");
        var mechanism = (CurveServerMechanism)CurveSecurity.Server(serverKeys, [clientCertificate.PublicKey]).CreateMechanism(CurveWireDriver.RouterProperties);
        using var driver = CurveWireDriver.Accept(listener, mechanism);

        driver.Handshake();
        mechanism.ClientPublicKey.Should().Equal(clientCertificate.PublicKey);
        driver.Receive().Should().ContainSingle().Which.Should().Equal("hello from netmq"u8.ToArray());
        driver.Send("reply from zask"u8.ToArray());

        dealer.TryReceiveFrameString(Deadline, out string? reply).Should().BeTrue();
        reply.Should().Be("reply from zask");
    }

    [Fact]
    public void A_netmq_client_off_our_allow_list_is_refused_and_gets_nothing()
    {
        var serverKeys = CurveKeyPair.Generate();
        var clientCertificate = new NetMQCertificate();
        using var listener = CurveWireDriver.Listen(out int port);
        using var dealer = NetMqClient(port, serverKeys, clientCertificate, "let me in");
        var mechanism = CurveSecurity.Server(serverKeys, [CurveKeyPair.Generate().PublicKey]).CreateMechanism(CurveWireDriver.RouterProperties);
        using var driver = CurveWireDriver.Accept(listener, mechanism);

        var act = () => driver.Handshake();

        act.Should().Throw<MechanismException>().WithMessage($"client key {Z85.Encode(clientCertificate.PublicKey)} is not allowed*");
        mechanism.IsReady.Should().BeFalse();
        driver.Dispose();
        dealer.TryReceiveFrameString(TimeSpan.FromMilliseconds(200), out _).Should().BeFalse();
    }

    // A NetMQ CURVE client of the server on port, which sends frame once the handshake is through.
    private static DealerSocket NetMqClient(int port, CurveKeyPair serverKeys, NetMQCertificate certificate, string frame)
    {
        var dealer = new DealerSocket();
        dealer.Options.CurveServerKey = serverKeys.PublicKey;
        dealer.Options.CurveCertificate = certificate;
        dealer.Connect($"tcp://127.0.0.1:{port}");
        dealer.SendFrame(frame);
        return dealer;
    }
}
