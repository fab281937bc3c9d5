namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// A call's cancellation token, which the server makes only when someone asks for it: it fires when the caller is
/// lost, whenever it was made, and reads as not cancelled after a call that ended normally.
/// </summary>
[Collection(SerialCollection.Name)]
public class CallCancellationTests
{
    // The caller here is a raw socket that never beats: the server declares it lost after two 200 ms periods.
    private static readonly HeartbeatOptions Fast = new() { Period = TimeSpan.FromMilliseconds(200) };

    public sealed class WaitingService
    {
        public TaskCompletionSource<string> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Proceed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ServerCallContext? Kept { get; private set; }

        // Takes no token: the one it waits on comes from ServerCallContext.Current.
        public async Task<string> WaitUntilCancelled()
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(20), ServerCallContext.Current!.CancellationToken);
                Outcome.TrySetResult("not cancelled");
            }
            catch (OperationCanceledException)
            {
                Outcome.TrySetResult("cancelled");
            }
            return "done";
        }

        public async Task<string> AskForTheTokenLate()
        {
            var call = ServerCallContext.Current!;
            await Proceed.Task;
            Outcome.TrySetResult(call.CancellationToken.IsCancellationRequested ? "cancelled" : "not cancelled");
            return "done";
        }

        public string KeepTheContext(ServerCallContext call, bool readTheToken)
        {
            Kept = call;
            return readTheToken && call.CancellationToken.IsCancellationRequested ? "cancelled" : "kept";
        }
    }

    /// <summary>Records, at the end of each call, whether it was cancelled, without asking for the token.</summary>
    private sealed class EndRecorder : IZeroRpcMiddleware
    {
        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ServerCallEnded(ServerCallContext call) => Cancelled.TrySetResult(call.IsCancelled);
    }

    private static (ZeroRpcServer Server, string Endpoint) Serve(WaitingService service, ZeroRpcContext? context = null)
    {
        var server = new ZeroRpcServer(service, new ZeroRpcServerOptions { Heartbeat = Fast, Context = context });
        return (server, server.Bind(FreePort.Endpoint()));
    }

    [Fact]
    public async Task A_method_that_reads_the_token_from_its_context_is_cancelled_when_its_caller_is_lost()
    {
        var service = new WaitingService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        using var dealer = RawCaller.Call(endpoint, "wait_until_cancelled");

        (await service.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("cancelled");
        await Eventually.True(() => server.InFlightCalls == 0, "the cancelled call ended");
    }

    [Fact]
    public async Task A_token_asked_for_after_the_caller_was_lost_is_already_cancelled()
    {
        var service = new WaitingService();
        var recorder = new EndRecorder();
        var (server, endpoint) = Serve(service, new ZeroRpcContext(recorder));
        await using var _ = server;
        using var dealer = RawCaller.Call(endpoint, "ask_for_the_token_late");

        await Eventually.True(() => server.InFlightCalls == 1 && server.OpenChannels == 0, "the caller was declared lost");
        service.Proceed.SetResult();
        (await service.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("cancelled");
        (await recorder.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue("the call's end sees it too");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_call_that_ended_normally_its_token_reads_as_not_cancelled(bool readDuringTheCall)
    {
        var service = new WaitingService();
        var recorder = new EndRecorder();
        var (server, endpoint) = Serve(service, new ZeroRpcContext(recorder));
        await using var _ = server;
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);

        (await client.CallAsync<string>("keep_the_context", readDuringTheCall)).Should().Be("kept");
        (await recorder.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeFalse();
        await Eventually.True(() => server.InFlightCalls == 0, "the call ended");
        service.Kept!.CancellationToken.IsCancellationRequested.Should().BeFalse("the call ended with its caller still there");
    }
}
