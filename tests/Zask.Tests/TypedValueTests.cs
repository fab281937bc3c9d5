namespace Zask.Tests;

/// <summary>
/// The one rule for booleans and numbers: values that spell one parse as documented, whatever layer they came
/// from (file, assignment, environment), and anything else is a <see cref="ConfigTypeException"/>.
/// </summary>
public sealed class TypedValueTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Config FromJson(string json)
    {
        var path = _dir.File("settings.json", json);
        var config = new Config(_dir.Path, null);
        config.FromFile(path);
        return config;
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("\"false\"", false)]
    [InlineData("\"False\"", false)]
    [InlineData("\" FALSE \"", false)]
    [InlineData("0", false)]
    [InlineData("\"0\"", false)]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("1", true)]
    [InlineData("\"1\"", true)]
    public void Booleans_spelt_as_strings_or_numbers_parse_as_documented(string json, bool expected)
    {
        var config = FromJson($$"""{ "DEBUG": {{json}}, "FEATURE": {{json}} }""");

        config.GetBool("DEBUG").Should().Be(expected);
        config.Get<bool?>("FEATURE").Should().Be(expected);
        config.GetValueOrDefault("FEATURE", !expected).Should().Be(expected);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"off\"")]
    [InlineData("\"\"")]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("0.5")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Anything_else_read_as_a_boolean_is_a_type_error_naming_the_rule(string json)
    {
        var config = FromJson($$"""{ "DEBUG": {{json}} }""");

        var read = () => config.GetBool("DEBUG");

        read.Should().Throw<ConfigTypeException>()
            .Where(e => e.Key == "DEBUG" && e.ExpectedType == typeof(bool))
            .WithMessage("*'DEBUG'*Boolean*true or false*1 or 0*");
        var withDefault = () => config.GetValueOrDefault("DEBUG", true);
        withDefault.Should().Throw<ConfigTypeException>("a default never stands in for a value that is present");
    }

    [Fact]
    public void Numbers_spelt_as_strings_parse_and_integers_take_whole_values_only()
    {
        var config = FromJson("""
            { "A": "30", "B": " 2.5 ", "C": 3.0, "D": "1e3", "E": 2.5, "F": "2.5", "G": true, "H": "thirty",
              "I": 1e20, "J": "-7", "K": "NaN", "L": "Infinity", "M": 300 }
            """);

        config.GetInt("A").Should().Be(30);
        config.GetLong("A").Should().Be(30L);
        config.GetDouble("A").Should().Be(30.0);
        config.GetDouble("B").Should().Be(2.5);
        config.GetInt("C").Should().Be(3);
        config.GetInt("D").Should().Be(1000);
        config.GetInt("J").Should().Be(-7);
        config.GetDouble("I").Should().Be(1e20);
        config.Get<decimal>("F").Should().Be(2.5m);

        foreach (var (key, read) in new (string, Func<object>)[]
        {
            ("E", () => config.GetInt("E")),
            ("F", () => config.GetLong("F")),
            ("G", () => config.GetInt("G")),
            ("G", () => config.GetDouble("G")),
            ("H", () => config.GetDouble("H")),
            ("I", () => config.GetInt("I")),
            ("K", () => config.GetDouble("K")),
            ("L", () => config.GetDouble("L")),
            ("M", () => config.Get<byte>("M")),
        })
        {
            read.Should().Throw<ConfigTypeException>().Where(e => e.Key == key).WithMessage("*A number is*");
        }
    }

    [Fact]
    public void Environment_values_follow_the_same_rule()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope()
            .Set(prefix + "DEBUG", "False")
            .Set(prefix + "SQLALCHEMY_ECHO", "0")
            .Set(prefix + "SHUTDOWN_GRACE_PERIOD", "\"2.5\"")
            .Set(prefix + "POOL", "maybe");
        var config = new Config(_dir.Path, prefix);

        config.GetBool("DEBUG").Should().BeFalse();
        config.GetBool("SQLALCHEMY_ECHO").Should().BeFalse();
        config.GetDouble("SHUTDOWN_GRACE_PERIOD").Should().Be(2.5);
        var read = () => config.GetInt("POOL");
        read.Should().Throw<ConfigTypeException>().Where(e => Equals(e.ActualValue, "maybe"));
    }

    [Fact]
    public void A_debug_of_string_false_turns_debug_off_and_the_error_log_is_written()
    {
        var app = Apps.Isolated(_dir.Path, "orders");
        app.Config.FromFile(_dir.File("app.json", $$"""
            { "DEBUG": "false", "ERROR_LOG": "{{_dir.Combine("logs/error.log")}}", "ZERORPC_ACCESS_LOG": "{{_dir.Combine("logs/access.log")}}" }
            """));
        app.Build();
        Microsoft.Extensions.Logging.LoggerExtensions.LogError(app.Logger, "payment failed");
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/error.log")).Should().Contain("payment failed", "\"false\" means false, not the default true");
    }

    [Theory]
    [InlineData("DEBUG", "\"maybe\"")]
    [InlineData("DEBUG", "2")]
    [InlineData("ERROR_LOG", "5")]
    [InlineData("ZERORPC_ACCESS_LOG", "[\"a.log\"]")]
    [InlineData("SHUTDOWN_GRACE_PERIOD", "\"soon\"")]
    public void A_mistyped_built_in_setting_stops_the_app_when_it_is_built(string key, string json)
    {
        using var app = Apps.Isolated(_dir.Path);
        app.Config.FromFile(_dir.File("bad.json", $$"""{ "{{key}}": {{json}} }"""));

        var build = () => app.Build();

        build.Should().Throw<ConfigTypeException>().Where(e => e.Key == key);
        app.IsBuilt.Should().BeFalse();
    }
}
