using System.Collections.Concurrent;

namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>User middlewares: registration, hook order, and a context of one's own.</summary>
public class CustomMiddlewareTests
{
    private sealed class Recorder : IZeroRpcMiddleware
    {
        public ConcurrentQueue<string> Hooks { get; } = new();

        public void LoadTaskContext(ServerCallContext call) => Hooks.Enqueue($"load:{call.GetRequestHeaderString("trace_id")}");

        public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
        {
            if (call is not null)
            {
                header["trace_id"] = "t-1";
                Hooks.Enqueue("add");
            }
        }

        public ValueTask ServerBeforeExecAsync(ServerCallContext call)
        {
            Hooks.Enqueue($"before:{call.MethodName}");
            return default;
        }

        public void ServerAfterExec(ServerCallContext call) => Hooks.Enqueue("after");

        public void ServerInspectException(ServerCallContext call, Exception exception) => Hooks.Enqueue($"exception:{exception.Message}");

        public void ServerCallEnded(ServerCallContext call) => Hooks.Enqueue("ended");

        public void ClientBeforeRequest(ClientCallContext call) => Hooks.Enqueue($"client-before:{call.Method}");

        public void ClientAfterRequest(ClientCallContext call, Exception? exception) =>
            Hooks.Enqueue($"client-after:{exception?.GetType().Name ?? "ok"}");

        public Exception? ClientHandleRemoteError(ClientCallContext call, RemoteException error) =>
            error.Name == "ValueError" ? new ArgumentException(error.RemoteMessage) : null;
    }

    [Fact]
    public async Task A_registered_middleware_sees_every_hook_in_order_on_both_sides()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.ForShowcase(endpoint);
        var rpc = new ZeroRpcExtension(test.App);
        var recorder = new Recorder();
        rpc.RegisterMiddleware(recorder);
        await using var server = rpc.Server(new ShowcaseService());
        server.EnsureBound();
        await using var client = rpc.Client("showcase");

        (await client.CallAsync<string>("hello", "hooks")).Should().Be("Hello, hooks!");
        await Eventually.True(() => recorder.Hooks.Contains("ended"), "the server call ended");
        // Each side's hooks run in order; "ended" (after the reply went out) races the client's after-request.
        var hooks = recorder.Hooks.ToArray();
        hooks.Where(h => h.StartsWith("client", StringComparison.Ordinal) || h == "add").Should()
            .Equal("client-before:hello", "add", "client-after:ok");
        hooks.Where(h => !h.StartsWith("client", StringComparison.Ordinal) && h != "add").Should()
            .Equal("load:t-1", "before:hello", "after", "ended");
        Array.IndexOf(hooks, "add").Should().BeLessThan(Array.IndexOf(hooks, "load:t-1"), "the header is built before the server reads it");

        recorder.Hooks.Clear();
        await FluentActions.Awaiting(() => client.CallAsync<object>("fail", "mapped")).Should().ThrowAsync<ArgumentException>()
            .WithMessage("mapped", "client_handle_remote_error replaced the RemoteException");
        await Eventually.True(() => recorder.Hooks.Contains("ended"), "the server call ended");
        recorder.Hooks.Should().Contain(["exception:mapped", "client-after:ArgumentException"]);
    }

    [Fact]
    public async Task A_server_given_its_own_context_runs_only_that_context()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            ZERORPC_GUARDED = new Dictionary<string, object> { ["1.0"] = endpoint, ["default"] = "1.0", ["client_keys"] = new[] { "only" } },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var own = new Recorder();
        var guarded = new GuardedService();
        await using var server = rpc.Server(guarded, new ZeroRpcServerOptions { Context = new ZeroRpcContext(own) });
        server.Bind(endpoint);
        await using var client = new ZeroRpcClient();
        client.Connect(endpoint);
        (await client.CallAsync<int>("touch")).Should().Be(1, "the extension's key check is not in this server's context");
        await Eventually.True(() => own.Hooks.Contains("ended"), "the server's own middleware ran");
    }
}
