using Zask.Zmtp.Tests.Framing;

namespace Zask.Zmtp.Tests.Mechanisms;

public class NullMechanismTests
{
    [Fact]
    public void A_dealers_ready_is_libzmqs_byte_for_byte()
    {
        var mechanism = new NullMechanism(new Dictionary<string, byte[]>
        {
            ["Socket-Type"] = "DEALER"u8.ToArray(),
            ["Identity"] = [],
        });
        var output = new List<byte[]>();
        mechanism.Start(output);
        output.Should().ContainSingle();
        Hex.Of(Zask.Zmtp.Framing.FrameWriter.Frame(Zask.Zmtp.Framing.FrameFlags.Command, output[0])).Should().Be(LibzmqCaptures.DealerReady);
    }

    [Fact]
    public void Reads_the_identity_from_libzmqs_ready()
    {
        var mechanism = new NullMechanism(new Dictionary<string, byte[]>());
        var frame = Hex.Bytes(LibzmqCaptures.IdentifiedDealerGreetingAndReady)[64..];
        mechanism.OnCommand(frame.AsSpan(2), []);
        mechanism.IsReady.Should().BeTrue();
        Encoding.ASCII.GetString(mechanism.PeerProperties["Socket-Type"]).Should().Be("DEALER");
        Encoding.ASCII.GetString(mechanism.PeerProperties["Identity"]).Should().Be("abc");
    }

    [Fact]
    public void An_error_command_ends_the_handshake_with_the_peers_reason()
    {
        var mechanism = new NullMechanism(new Dictionary<string, byte[]>());
        var act = () => mechanism.OnCommand(Zask.Zmtp.Framing.Command.BuildError("go away"), []);
        act.Should().Throw<MechanismException>().WithMessage("*go away*");
    }

    [Fact]
    public void Truncated_metadata_is_refused()
    {
        var mechanism = new NullMechanism(new Dictionary<string, byte[]>());
        var ready = Hex.Bytes(LibzmqCaptures.DealerReady)[2..^2];
        var act = () => mechanism.OnCommand(ready, []);
        act.Should().Throw<MechanismException>().WithMessage("*malformed metadata*");
    }
}
