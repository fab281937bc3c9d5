using System.Net;

namespace Zask.Zmtp.Tests.Mechanisms;

/// <summary>
/// Our CURVE mechanisms against libzmq 4.3.4 (pyzmq 24) over real loopback TCP, driven by a minimal test-only ZMTP
/// connection: proof that the bytes are right before the engine exists.
/// </summary>
public class CurveInteropTests
{
    [PyzmqFact]
    public void Our_client_talks_to_a_pyzmq_curve_server()
    {
        using var peer = PyZmqPeer.StartServer();
        var (port, serverKey) = peer.ReadServerLine();
        using var driver = CurveWireDriver.Connect(port, CurveSecurity.Client(serverKey).CreateMechanism(CurveWireDriver.DealerProperties));

        driver.Handshake();
        driver.PeerGreeting.Mechanism.Should().Be("CURVE");
        driver.Send("hello from zask"u8.ToArray());

        peer.WaitFor("GOT").Should().Be("GOT hello from zask");
        driver.Receive().Should().ContainSingle().Which.Should().Equal("echo:hello from zask"u8.ToArray());
    }

    [PyzmqFact]
    public void Our_client_with_a_wrong_server_key_gets_no_welcome_from_pyzmq()
    {
        using var peer = PyZmqPeer.StartServer();
        var (port, _) = peer.ReadServerLine();
        var mechanism = CurveSecurity.Client(CurveKeyPair.Generate().PublicKey).CreateMechanism(CurveWireDriver.DealerProperties);
        using var driver = CurveWireDriver.Connect(port, mechanism);

        var act = () => driver.Handshake();

        // libzmq cannot open the HELLO boxed to another key and drops the connection without a WELCOME.
        act.Should().Throw<EndOfStreamException>();
        mechanism.IsReady.Should().BeFalse();
        peer.WaitFor("EVENT HANDSHAKE_FAILED").Should().StartWith("EVENT HANDSHAKE_FAILED_PROTOCOL");
    }

    [PyzmqFact]
    public void Our_client_on_a_pyzmq_zap_allow_list_is_let_in()
    {
        var clientKeys = CurveKeyPair.Generate();
        using var peer = PyZmqPeer.StartServer(clientKeys.PublicKeyZ85);
        var (port, serverKey) = peer.ReadServerLine();
        using var driver = CurveWireDriver.Connect(port, CurveSecurity.Client(serverKey, clientKeys).CreateMechanism(CurveWireDriver.DealerProperties));

        driver.Handshake();
        driver.Send("allowed"u8.ToArray());

        driver.Receive().Should().ContainSingle().Which.Should().Equal("echo:allowed"u8.ToArray());
    }

    [PyzmqFact]
    public void Our_client_off_a_pyzmq_zap_allow_list_gets_error_400()
    {
        using var peer = PyZmqPeer.StartServer(CurveKeyPair.Generate().PublicKeyZ85);
        var (port, serverKey) = peer.ReadServerLine();
        var mechanism = CurveSecurity.Client(serverKey).CreateMechanism(CurveWireDriver.DealerProperties);
        using var driver = CurveWireDriver.Connect(port, mechanism);

        var act = () => driver.Handshake();

        act.Should().Throw<MechanismException>().WithMessage("*ERROR \"400\"*authentication refused*");
        mechanism.IsReady.Should().BeFalse();
        peer.WaitFor("EVENT HANDSHAKE_FAILED").Should().Be("EVENT HANDSHAKE_FAILED_AUTH 400");
    }

    [PyzmqFact]
    public void A_pyzmq_curve_client_talks_to_our_server()
    {
        var serverKeys = CurveKeyPair.Generate();
        using var listener = CurveWireDriver.Listen(out int port);
        using var peer = PyZmqPeer.StartClient(port, serverKeys.PublicKeyZ85);
        string clientKey = peer.WaitFor("CLIENT").Split(' ')[1];
        peer.Go();
        var mechanism = (CurveServerMechanism)CurveSecurity.Server(serverKeys, [Z85.Decode(clientKey)]).CreateMechanism(CurveWireDriver.RouterProperties);
        using var driver = CurveWireDriver.Accept(listener, mechanism);

        driver.Handshake();
        mechanism.ClientPublicKey.Should().Equal(Z85.Decode(clientKey));
        mechanism.PeerProperties["Socket-Type"].Should().Equal("DEALER"u8.ToArray());
        driver.Receive().Should().ContainSingle().Which.Should().Equal("hello from pyzmq"u8.ToArray());
        driver.Send("reply from zask"u8.ToArray());

        peer.WaitFor("GOT").Should().Be("GOT reply from zask");
    }

    [PyzmqFact]
    public void A_pyzmq_client_off_our_allow_list_gets_error_400()
    {
        var serverKeys = CurveKeyPair.Generate();
        using var listener = CurveWireDriver.Listen(out int port);
        using var peer = PyZmqPeer.StartClient(port, serverKeys.PublicKeyZ85);
        string clientKey = peer.WaitFor("CLIENT").Split(' ')[1];
        peer.Go();
        var mechanism = CurveSecurity.Server(serverKeys, [CurveKeyPair.Generate().PublicKey]).CreateMechanism(CurveWireDriver.RouterProperties);
        using var driver = CurveWireDriver.Accept(listener, mechanism);

        var act = () => driver.Handshake();

        act.Should().Throw<MechanismException>().WithMessage($"client key {clientKey} is not allowed*");
        peer.WaitFor("EVENT HANDSHAKE_FAILED").Should().Be("EVENT HANDSHAKE_FAILED_AUTH 400");
    }
}
