namespace Zask.Zmtp.Tests.Security;

public class Z85Tests
{
    // ZeroMQ RFC 32's test vector.
    private static readonly byte[] HelloWorldBytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    [Fact]
    public void Encodes_the_rfc_32_test_vector()
    {
        Z85.Encode(HelloWorldBytes).Should().Be("HelloWorld");
    }

    [Fact]
    public void Decodes_the_rfc_32_test_vector()
    {
        Z85.Decode("HelloWorld").Should().Equal(HelloWorldBytes);
    }

    [Fact]
    public void Round_trips_every_byte_value()
    {
        byte[] data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Z85.Decode(Z85.Encode(data)).Should().Equal(data);
    }

    [Fact]
    public void Refuses_to_encode_a_length_that_is_not_a_multiple_of_4()
    {
        var act = () => Z85.Encode(new byte[5]);
        act.Should().Throw<ArgumentException>().WithMessage("*5 bytes is not a multiple of 4*");
    }

    [Fact]
    public void Refuses_to_decode_a_length_that_is_not_a_multiple_of_5()
    {
        var act = () => Z85.Decode("Hello!");
        act.Should().Throw<FormatException>().WithMessage("*6 characters is not a multiple of 5*");
    }

    [Fact]
    public void Names_the_bad_character_and_its_position()
    {
        var act = () => Z85.Decode("Hello~orld");
        act.Should().Throw<FormatException>().WithMessage("'~' at position 5 is not a Z85 character");
    }

    [Fact]
    public void Refuses_a_group_above_32_bits()
    {
        // "%nSc0" is 2^32 - 1, the largest 4-byte group; "%nSc1" is one past it.
        Z85.Decode("%nSc0").Should().Equal(0xFF, 0xFF, 0xFF, 0xFF);
        var act = () => Z85.Decode("%nSc1");
        act.Should().Throw<FormatException>().WithMessage("*larger than 32 bits*");
    }

    [Fact]
    public void Says_what_is_wrong_with_a_key()
    {
        var key = CurveKeyPair.Generate().PublicKeyZ85;
        Z85.KeyProblem(key).Should().BeNull();
        Z85.KeyProblem(key[..39]).Should().Be("39 characters instead of 40");
        Z85.KeyProblem("~" + key[1..]).Should().Be("character 1 is not in the Z85 alphabet");
        Z85.KeyProblem("%nSc1" + key[5..]).Should().Be("characters 1-5 do not encode 4 bytes");
    }
}
