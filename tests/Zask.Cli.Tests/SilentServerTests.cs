namespace Zask.Cli.Tests;

public sealed class SilentServerTests
{
    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_declared_lost_by_heartbeat()
    {
        // A hung server: it takes the request and sends nothing back.
        using var silent = new SilentPeer();
        var endpoint = silent.Endpoint;

        var result = await Cli.RunAsync("call", endpoint, "hello", "x", "--timeout", "20", "--heartbeat", "0.5");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain($"lost the server at {endpoint}").And.Contain("stopped answering heartbeats");
        // Ended by the heartbeat, not by the 20 s call timeout (that would say "no reply ... within 20 s").
        result.Stderr.Should().NotContain("no reply from");
    }
}
