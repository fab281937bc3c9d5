namespace Zask.Cli.Tests;

[Collection(ShowcaseCollection.Name)]
public sealed class InspectAndPingTests(ShowcaseFixture showcase)
{
    private readonly string _endpoint = showcase.Endpoint;

    [Fact]
    public async Task Inspect_lists_the_methods_with_arguments_defaults_and_docs()
    {
        var result = await Cli.RunAsync("inspect", _endpoint);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Lines;
        lines[0].Should().Be("[showcase]");
        lines.Should().ContainInOrder(
            "add(a, b)", "    Return a + b (integers or floats).",
            "fail(message=\"boom\")", "    Always raise ValueError(message).",
            "hello(name)", "    Return a greeting for name.",
            "range(n)");
        lines.Should().NotContain(l => l.StartsWith("_zerorpc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_shows_the_validation_rules_of_each_argument()
    {
        var result = await Cli.RunAsync("inspect", _endpoint);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Contain("register(username [Required, StringLength(3, 20)], email [Required, EmailAddress], age [Range(13, 130)])");
        result.Lines.Should().Contain("events_seen()").And.Contain("admin_reset()");
    }

    [Fact]
    public async Task Inspect_json_prints_the_raw_description()
    {
        var result = await Cli.RunAsync("inspect", "--json", _endpoint);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().StartWith("{\"name\":\"showcase\",\"methods\":{")
            .And.Contain("\"fail\":{\"args\":[{\"name\":\"message\",\"default\":\"boom\"}]");
    }

    [Fact]
    public async Task Ping_prints_the_name_and_the_round_trip_time()
    {
        var result = await Cli.RunAsync("ping", "--count", "2", _endpoint);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().HaveCount(2).And.AllSatisfy(line =>
            line.Should().MatchRegex($@"^pong from showcase \({System.Text.RegularExpressions.Regex.Escape(_endpoint)}\): time=\d+(\.\d+)? ms$"));
    }

    [Fact]
    public async Task Config_and_service_resolve_the_endpoint_and_send_the_access_key()
    {
        using var dir = new TempDir("zask-cli-");
        var config = dir.File("config.json", $$"""
            { "ZERORPC_SHOWCASE": { "1.0": "{{_endpoint}}", "default": "1.0", "access_key": "cli-test-key" } }
            """);
        var header = await Cli.RunAsync("call", "--json", "--config", config, "--service", "showcase", "header");
        header.ExitCode.Should().Be(0, header.ToString());
        header.Stdout.Should().Contain("\"access_key\":\"cli-test-key\"").And.Contain("\"service_version\":\"1.0\"");

        var ping = await Cli.RunAsync("ping", "--config", config, "--service", "showcase", "--version", "1.0");
        ping.ExitCode.Should().Be(0, ping.ToString());
        ping.Stdout.Should().StartWith($"pong from showcase ({_endpoint})");

        var unknown = await Cli.RunAsync("ping", "--config", config, "--service", "showcase", "--version", "9.9");
        unknown.ExitCode.Should().Be(3, unknown.ToString());
        unknown.Stderr.Should().Contain("9.9");
    }

    [Fact]
    public async Task A_bad_service_entry_is_a_configuration_error_naming_the_entry_and_the_key()
    {
        using var dir = new TempDir("zask-cli-");
        var config = dir.File("config.json", $$"""
            { "ZERORPC_SHOWCASE": { "1.0": "{{_endpoint}}", "default": "1.0", "acces_key": "cli-test-key" } }
            """);
        var ping = await Cli.RunAsync("ping", "--config", config, "--service", "showcase");
        ping.ExitCode.Should().Be(3, ping.ToString());
        ping.Stderr.Should().Contain("ZERORPC_SHOWCASE").And.Contain("\"acces_key\"").And.Contain("did you mean \"access_key\"?");
        ping.Stdout.Should().BeEmpty("nothing was called");
    }
}
