namespace Zask.Zmtp.Tests.Security;

public class CurveKeyPairTests
{
    [Fact]
    public void Generated_pairs_are_distinct_and_32_bytes()
    {
        var a = CurveKeyPair.Generate();
        var b = CurveKeyPair.Generate();
        a.PublicKey.Should().HaveCount(32);
        a.SecretKey.Should().HaveCount(32);
        a.PublicKey.Should().NotEqual(b.PublicKey);
        a.SecretKey.Should().NotEqual(b.SecretKey);
    }

    [Fact]
    public void Z85_text_round_trips_through_FromZ85()
    {
        var pair = CurveKeyPair.Generate();
        pair.PublicKeyZ85.Should().HaveLength(40);
        var read = CurveKeyPair.FromZ85(pair.PublicKeyZ85, pair.SecretKeyZ85);
        read.PublicKey.Should().Equal(pair.PublicKey);
        read.SecretKey.Should().Equal(pair.SecretKey);
    }

    [Fact]
    public void FromZ85_refuses_a_public_key_of_another_pair()
    {
        var a = CurveKeyPair.Generate();
        var b = CurveKeyPair.Generate();
        var act = () => CurveKeyPair.FromZ85(b.PublicKeyZ85, a.SecretKeyZ85);
        act.Should().Throw<FormatException>().WithMessage("*does not belong to the secret key*");
    }

    [Fact]
    public void FromZ85_names_a_key_of_the_wrong_length()
    {
        var a = CurveKeyPair.Generate();
        var act = () => CurveKeyPair.FromZ85(a.PublicKeyZ85[..35], a.SecretKeyZ85);
        act.Should().Throw<FormatException>().WithMessage("a CURVE public key in Z85 is 40 characters, not 35");
    }

    [Fact]
    public void FromZ85_names_a_bad_character()
    {
        var a = CurveKeyPair.Generate();
        var act = () => CurveKeyPair.FromZ85(a.PublicKeyZ85, "~" + a.SecretKeyZ85[1..]);
        act.Should().Throw<FormatException>().WithMessage("a CURVE secret key is not valid Z85: '~' at position 0*");
    }

    [Fact]
    public void DecodeKey_reads_a_pyzmq_style_key_and_names_a_wrong_length()
    {
        var pair = CurveKeyPair.Generate();
        CurveKeyPair.DecodeKey(pair.PublicKeyZ85).Should().Equal(pair.PublicKey);
        var act = () => CurveKeyPair.DecodeKey("HelloWorld");
        act.Should().Throw<FormatException>().WithMessage("a CURVE key in Z85 is 40 characters, not 10");
    }

    [Fact]
    public void Client_settings_without_a_pair_get_a_fresh_one()
    {
        var server = CurveKeyPair.Generate();
        var a = CurveSecurity.Client(server.PublicKey);
        var b = CurveSecurity.Client(server.PublicKey);
        a.IsServer.Should().BeFalse();
        a.ServerPublicKey.Should().Equal(server.PublicKey);
        a.Keys.PublicKey.Should().NotEqual(b.Keys.PublicKey);
    }

    [Fact]
    public void A_pair_is_rebuilt_from_its_secret_key_alone()
    {
        var keys = CurveKeyPair.Generate();
        var rebuilt = CurveKeyPair.FromSecretKeyZ85(keys.SecretKeyZ85);
        rebuilt.PublicKeyZ85.Should().Be(keys.PublicKeyZ85);
        rebuilt.SecretKey.Should().Equal(keys.SecretKey);

        var act = () => CurveKeyPair.FromSecretKeyZ85("abc");
        act.Should().Throw<FormatException>().WithMessage("a CURVE secret key in Z85 is 40 characters, not 3");
    }
}
