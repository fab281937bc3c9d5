namespace Zask.Cli.Tests;

public sealed class UnreachableTests
{
    [Theory]
    [InlineData("call", "hello", "x")]
    [InlineData("inspect")]
    [InlineData("ping")]
    public async Task An_unreachable_endpoint_gives_up_with_exit_code_2(string command, params string[] rest)
    {
        var endpoint = $"tcp://127.0.0.1:{FreePort.Next()}";

        var result = await Cli.RunAsync([command, endpoint, .. rest, "--timeout", "1", "--heartbeat", "1"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain(endpoint).And.Contain("is a server listening there?");
    }

    [Fact]
    public async Task A_malformed_endpoint_is_reported()
    {
        var result = await Cli.RunAsync("ping", "nowhere");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith("zask: cannot connect to nowhere");
    }

    [Fact]
    public async Task Service_without_config_is_a_usage_error()
    {
        var result = await Cli.RunAsync("ping", "--service", "showcase");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("--service goes with --config FILE or --registry URI");
    }
}
