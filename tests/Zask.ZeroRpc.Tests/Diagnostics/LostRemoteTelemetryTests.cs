using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using Zask.Testing;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Tests.Support;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// The lost-remotes metric over real sockets, on both sides: a server that takes the call and then neither answers nor
/// beats, and a caller process that vanishes while its call is served. Isolated by a service name of its own, which
/// the count carries with the method called. Serial: its listener samples every ZeroRPC span, which makes other
/// tests' clients send trace context they do not expect.
/// </summary>
[Collection(SerialCollection.Name)]
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

    /// <summary>A method that runs until its caller is lost.</summary>
    public sealed class Waiter
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task Wait(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }
        }
    }

    [PyzmqFact]
    public async Task A_caller_process_killed_mid_call_counts_one_lost_remote_for_the_method_on_the_server_side()
    {
        Requirement.Pyzmq.EnsureMet();
        using var capture = new TelemetryCapture(_service);
        var waiter = new Waiter();
        await using var server = new ZeroRpcServer(waiter, new ZeroRpcServerOptions { Name = _service, Heartbeat = Fast });
        var endpoint = server.Bind(FreePort.Endpoint());
        // tests/interop/python/call.py: a pyzmq caller that sends the request and never beats; killed once served.
        var info = new ProcessStartInfo(Requirement.PythonExecutable,
            [RepositoryRoot.Combine("tests", "interop", "python", "call.py"), endpoint, "wait"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ZASK_CALL_TIMEOUT_MS"] = "120000";
        using var caller = Process.Start(info)!;
        try
        {
            await waiter.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            caller.KillTree();
        }

        await waiter.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(() => capture.Count(LostRemotes) >= 1, "the lost caller was counted");
        var counted = capture.Measurements.Where(m => m.Instrument == LostRemotes).ToArray();
        counted.Should().ContainSingle("one call lost its one caller");
        counted[0].Value.Should().Be(1);
        counted[0].Tags.Should().Contain("zask.side", "server")
            .And.Contain("rpc.system", ZeroRpcDiagnostics.RpcSystem)
            .And.Contain("rpc.service", _service)
            .And.Contain("rpc.method", "wait");
        // The server records the call's duration once the method has unwound, after the loss was counted.
        await Eventually.True(() => capture.Count("rpc.server.call.duration", ("error.type", nameof(LostRemoteException))) == 1,
            "the call's duration is recorded with the loss as its error");
    }
}
