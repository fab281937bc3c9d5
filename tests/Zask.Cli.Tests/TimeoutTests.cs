using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Server;

namespace Zask.Cli.Tests;

/// <summary>What <c>zask call</c> says when no reply comes in time: a slow method is not an absent server.</summary>
public sealed class TimeoutTests
{
    public sealed class SlowService
    {
        public async Task<int> Wait(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    [Fact]
    public async Task A_server_whose_heartbeats_arrive_is_not_suspected_of_being_absent()
    {
        await using var server = new ZeroRpcServer(new SlowService(), new ZeroRpcServerOptions { Heartbeat = HeartbeatOptions.FromSeconds(0.2) });
        var endpoint = server.Bind($"tcp://127.0.0.1:{FreePort.Next()}");

        var result = await Cli.RunAsync("call", endpoint, "wait", "--timeout", "2", "--heartbeat", "0.2");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain($"no reply from {endpoint} within 2 s when calling wait")
            .And.Contain("the server is up, its heartbeats arrived").And.NotContain("is a server listening there?");
    }

    [Fact]
    public async Task A_peer_that_sends_nothing_back_may_be_no_server_at_all()
    {
        // Heartbeats are off, so only the timeout ends the call.
        using var silent = new SilentPeer();
        var endpoint = silent.Endpoint;

        var result = await Cli.RunAsync("call", endpoint, "hello", "x", "--timeout", "1", "--heartbeat", "0");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain($"no reply from {endpoint} within 1 s when calling hello")
            .And.Contain("is a server listening there?");
    }
}
