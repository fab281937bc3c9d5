namespace Zask.Cli.Tests;

public sealed class JsonValuesTests
{
    [Fact]
    public void Parses_json_into_zerorpc_values()
    {
        JsonValues.Parse("42").Should().Be(42L);
        JsonValues.Parse("18446744073709551615").Should().Be(ulong.MaxValue);
        JsonValues.Parse("1.5").Should().Be(1.5);
        JsonValues.Parse("1e3").Should().Be(1000.0);
        JsonValues.Parse("null").Should().BeNull();
        JsonValues.Parse("[true,\"x\"]").Should().BeEquivalentTo(new object?[] { true, "x" });
        JsonValues.Parse("""{"$bin":"0aFF"}""").Should().BeEquivalentTo(new byte[] { 0x0a, 0xff });
        JsonValues.Parse("""{"$bin":"00","other":1}""").Should().BeOfType<Dictionary<string, object?>>();
    }

    [Fact]
    public void Rejects_bad_json_and_bad_hex()
    {
        FluentActions.Invoking(() => JsonValues.Parse("{")).Should().Throw<FormatException>();
        FluentActions.Invoking(() => JsonValues.Parse("""{"$bin":"abc"}""")).Should().Throw<FormatException>().WithMessage("*hex*");
    }

    [Fact]
    public void Writes_values_as_json()
    {
        var map = new Dictionary<object, object?> { ["s"] = "é", [1] = 2.0, [new byte[] { 1 }] = float.NaN, [new object()] = null };

        JsonValues.ToJson(map).Should().Be("""{"s":"é","1":2.0,"{\"$bin\":\"01\"}":"NaN","null":null}""");
        JsonValues.ToJson(new object?[] { (byte)1, -3L, ulong.MaxValue, true, null }).Should().Be("[1,-3,18446744073709551615,true,null]");
        JsonValues.ToReadable("plain").Should().Be("plain");
        JsonValues.ToReadable(new object?[] { "a" }).Should().Be("[\"a\"]");
    }
}
