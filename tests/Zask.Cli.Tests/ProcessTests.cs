namespace Zask.Cli.Tests;

/// <summary>The real <c>zask</c> process: output written and flushed to a pipe, exit codes, and no hang at exit.</summary>
[Collection(ShowcaseCollection.Name)]
public sealed class ProcessTests(ShowcaseFixture showcase)
{
    [Fact]
    public async Task Call_hello_as_a_process()
    {
        var result = await Cli.RunProcessAsync("call", showcase.Endpoint, "hello", "Process");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal("Hello, Process!");
    }

    [Fact]
    public async Task Stream_and_remote_error_as_a_process()
    {
        var result = await Cli.RunProcessAsync("stream", "--json", showcase.Endpoint, "stream_fail", "3");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Lines.Should().Equal("0", "1", "2");
        result.Stderr.Trim().Should().Be("RuntimeError: stream failed");
    }

    [Fact]
    public async Task Unreachable_endpoint_as_a_process_gives_up_with_exit_code_2()
    {
        var endpoint = $"tcp://127.0.0.1:{FreePort.Next()}";

        var result = await Cli.RunProcessAsync("call", endpoint, "hello", "--timeout", "1", "--heartbeat", "1");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain(endpoint).And.Contain("is a server listening there?");
    }

    [Fact]
    public async Task Help_names_the_tool_zask()
    {
        var result = await Cli.RunProcessAsync("--help");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("zask [command] [options]").And.Contain("call").And.Contain("inspect").And.Contain("ping");
    }
}
