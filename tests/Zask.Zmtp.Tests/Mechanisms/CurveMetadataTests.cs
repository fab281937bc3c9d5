namespace Zask.Zmtp.Tests.Mechanisms;

public class CurveMetadataTests
{
    [Fact]
    public void Writes_the_same_layout_as_null_ready()
    {
        var properties = new Dictionary<string, byte[]> { ["Socket-Type"] = "DEALER"u8.ToArray(), ["Identity"] = [] };
        var bytes = new byte[CurveMetadata.Length(properties)];
        CurveMetadata.Write(properties, bytes);

        // ZMTP's worked example of DEALER's READY properties.
        bytes.Should().Equal("\u000BSocket-Type\u0000\u0000\u0000\u0006DEALER\u0008Identity\u0000\u0000\u0000\u0000"u8.ToArray());
        CurveMetadata.Read(bytes, "READY").Keys.Should().Equal("Socket-Type", "Identity");
    }

    [Fact]
    public void A_value_longer_than_what_remains_is_a_precise_error()
    {
        byte[] bytes = "\u0001X\u0000\u0000\u0000\u0009abc"u8.ToArray();
        var act = () => CurveMetadata.Read(bytes, "INITIATE");
        act.Should().Throw<MechanismException>().WithMessage("malformed metadata in INITIATE: property 'X' claims 9 bytes but 3 remain");
    }

    [Fact]
    public void A_cut_name_is_a_precise_error()
    {
        byte[] bytes = "\u0009Socket"u8.ToArray();
        var act = () => CurveMetadata.Read(bytes, "READY");
        act.Should().Throw<MechanismException>().WithMessage("malformed metadata in READY*cut short at byte 0");
    }
}
