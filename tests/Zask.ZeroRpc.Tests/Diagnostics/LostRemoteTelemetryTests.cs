using NetMQ;
using NetMQ.Sockets;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Diagnostics;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// The lost-remotes metric over a real socket: a server that takes the call and then neither answers nor beats.
/// Isolated by a service name of its own, which the count carries with the method called.
/// </summary>
public class LostRemoteTelemetryTests
{
    private const string LostRemotes = "zask.rpc.lost_remotes";

    private static readonly HeartbeatOptions Fast = new() { Period = TimeSpan.FromMilliseconds(200) };

    private readonly string _service = "lost_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_call_to_a_server_that_stops_beating_counts_one_lost_remote_for_its_method_on_the_client_side()
    {
        using var capture = new TelemetryCapture(_service);
        using var silent = new RouterSocket();
        var port = silent.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            ServiceName = _service,
            Heartbeat = Fast,
            Timeout = TimeSpan.FromSeconds(60),
        });
        client.Connect($"tcp://127.0.0.1:{port}");

        var call = client.CallAsync<object>("hello", "anyone");
        // The request reached the peer: from here on, only the heartbeat can tell the client nobody is there.
        NetMQMessage? request = null;
        silent.TryReceiveMultipartMessage(TimeSpan.FromSeconds(30), ref request).Should().BeTrue("the request arrives");
        await FluentActions.Awaiting(() => call).Should().ThrowAsync<LostRemoteException>();

        await Eventually.True(() => capture.Count(LostRemotes) >= 1, "the lost remote was counted");
        var counted = capture.Measurements.Where(m => m.Instrument == LostRemotes).ToArray();
        counted.Should().ContainSingle("one call lost its one peer");
        counted[0].Value.Should().Be(1);
        counted[0].Tags.Should().Contain("zask.side", "client")
            .And.Contain("rpc.system", ZeroRpcDiagnostics.RpcSystem)
            .And.Contain("rpc.service", _service)
            .And.Contain("rpc.method", "hello");
        capture.Count("rpc.client.call.duration", ("error.type", typeof(LostRemoteException).FullName!))
            .Should().Be(1, "the call's duration is recorded with the loss as its error");
    }
}
