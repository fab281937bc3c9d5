using Zask.Zmtp.Framing;

namespace Zask.Zmtp.Tests.Framing;

public class GreetingTests
{
    [Fact]
    public void Our_three_stages_are_the_bytes_libzmq_writes()
    {
        Hex.Of(Greeting.Signature(0)).Should().Be(LibzmqCaptures.DealerSignature);
        Hex.Of([Greeting.Major]).Should().Be(LibzmqCaptures.Major);
        Hex.Of(Greeting.Rest("NULL", asServer: false)).Should().Be(LibzmqCaptures.Rest);
        Hex.Of(Greeting.Signature(3)).Should().Be(LibzmqCaptures.IdentifiedDealerGreetingAndReady[..20]);
    }

    [Fact]
    public void Parses_libzmqs_greeting_fed_one_byte_at_a_time()
    {
        var bytes = Hex.Bytes(LibzmqCaptures.IdentifiedDealerGreetingAndReady)[..Greeting.Length];
        var greeting = new Greeting();
        foreach (var b in bytes)
        {
            greeting.Feed([b]).Should().Be(1);
        }
        greeting.IsComplete.Should().BeTrue();
        greeting.PeerMajor.Should().Be(3);
        greeting.PeerMinor.Should().Be(1);
        greeting.PeerMechanism.Should().Be("NULL");
        greeting.PeerAsServer.Should().BeFalse();
    }

    [Fact]
    public void Takes_only_the_greeting_from_a_read_that_brought_more()
    {
        var bytes = Hex.Bytes(LibzmqCaptures.IdentifiedDealerGreetingAndReady);
        var greeting = new Greeting();
        greeting.Feed(bytes).Should().Be(Greeting.Length);
        greeting.IsComplete.Should().BeTrue();
    }

    [Fact]
    public void Never_validates_the_padding_and_accepts_higher_versions()
    {
        var bytes = Hex.Bytes(LibzmqCaptures.DealerSignature + "0409" + LibzmqCaptures.Rest[2..]);
        bytes[1] = 0xAB;
        bytes[5] = 0xCD;
        var greeting = new Greeting();
        greeting.Feed(bytes);
        greeting.PeerMajor.Should().Be(4);
        greeting.PeerMinor.Should().Be(9);
    }

    [Fact]
    public void Refuses_a_zmtp_2_peer_as_soon_as_its_major_arrives()
    {
        var greeting = new Greeting();
        greeting.Feed(Hex.Bytes(LibzmqCaptures.DealerSignature));
        var act = () => greeting.Feed([0x01]);
        act.Should().Throw<ZmtpProtocolException>().WithMessage("peer speaks ZMTP 2.0 (greeting revision 1); only ZMTP 3.0 and later are supported");
    }

    [Fact]
    public void Refuses_a_zmtp_1_peer_from_its_first_byte()
    {
        var act = () => new Greeting().Feed([0x05, 0x00]);
        act.Should().Throw<ZmtpProtocolException>().WithMessage("*ZMTP 1.0*");
    }
}
