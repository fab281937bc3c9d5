namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// Calls served whole on the I/O thread, without a channel (a method that returns a plain value, run inline, on a
/// server without middlewares): the same answers, context and safeguards as any other call.
/// </summary>
[Collection(SerialCollection.Name)]
public class InlineCallTests
{
    private static readonly AsyncLocal<string?> Marker = new();

    [ZeroRpcDispatch(CallDispatch.Inline)]
    public sealed class InlineService
    {
        public string Hello(string name) => $"Hello, {name}!";

        public int Add(int a, int b = 10) => a + b;

        public void Nothing()
        {
        }

        public string Fails(string message) => throw new InvalidOperationException(message);

        public bool SeesItsOwnContext(ServerCallContext call, CancellationToken token) =>
            ReferenceEquals(ServerCallContext.Current, call) && call.MethodName == "sees_its_own_context"
            && token.CanBeCanceled && !token.IsCancellationRequested;

        public void SetMarker(string value) => Marker.Value = value;

        public string? ReadMarker() => Marker.Value;

        /// <summary>Lets <see cref="GatedOnPool"/> calls return.</summary>
        public ManualResetEventSlim Gate { get; } = new();

        [ZeroRpcDispatch(CallDispatch.ThreadPool)]
        public string GatedOnPool()
        {
            // A thread-blocking method held open until the test says so is what the test needs.
            return Gate.Wait(TimeSpan.FromSeconds(60)) ? "released" : "never released";
        }
    }

    private sealed class Served : IAsyncDisposable
    {
        public Served()
        {
            Server = new ZeroRpcServer(Service);
            Endpoint = Server.Bind(FreePort.Endpoint());
            Client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            Client.Connect(Endpoint);
        }

        public InlineService Service { get; } = new();

        public ZeroRpcServer Server { get; }

        public string Endpoint { get; }

        public ZeroRpcClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            Service.Gate.Set();
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            Service.Gate.Dispose();
        }
    }

    [Fact]
    public async Task Values_defaults_and_void_come_back_as_from_any_call()
    {
        await using var served = new Served();
        (await served.Client.CallAsync<string>("hello", "inline")).Should().Be("Hello, inline!");
        (await served.Client.CallAsync<int>("add", 1, 2)).Should().Be(3);
        (await served.Client.CallAsync<int>("add", 1)).Should().Be(11);
        (await served.Client.CallAsync<object?>("nothing")).Should().BeNull();
        served.Server.InFlightCalls.Should().Be(0);
        served.Server.OpenChannels.Should().Be(0);
    }

    [Fact]
    public async Task Errors_and_wrong_arguments_get_their_ERR_and_the_server_keeps_serving()
    {
        await using var served = new Served();
        var failed = await FluentActions.Awaiting(() => served.Client.CallAsync<string>("fails", "boom"))
            .Should().ThrowAsync<RemoteException>();
        failed.Which.Name.Should().Be("InvalidOperationException");
        failed.Which.Message.Should().Contain("boom");

        var wrong = await FluentActions.Awaiting(() => served.Client.CallAsync<int>("add", "one", 2))
            .Should().ThrowAsync<RemoteException>();
        wrong.Which.Name.Should().Be("TypeError");
        wrong.Which.Message.Should().Contain("add() argument 'a'");

        var tooMany = await FluentActions.Awaiting(() => served.Client.CallAsync<int>("add", 1, 2, 3))
            .Should().ThrowAsync<RemoteException>();
        tooMany.Which.Message.Should().Contain("takes 2 arguments but 3 were given");

        (await served.Client.CallAsync<int>("add", 2, 2)).Should().Be(4);
        served.Server.InFlightCalls.Should().Be(0);
    }

    [Fact]
    public async Task The_method_sees_its_own_context_and_the_servers_stop_token()
    {
        await using var served = new Served();
        (await served.Client.CallAsync<bool>("sees_its_own_context")).Should().BeTrue();
    }

    [Fact]
    public async Task Async_locals_set_by_one_call_do_not_leak_into_the_next_on_the_io_thread()
    {
        await using var served = new Served();
        await served.Client.CallAsync<object?>("set_marker", "from the first call");
        (await served.Client.CallAsync<string?>("read_marker")).Should().BeNull(
            "each call runs in the I/O thread's own execution context, as an async method would");
    }

    [Fact]
    public async Task A_request_that_reuses_the_id_of_a_call_in_flight_is_ignored()
    {
        await using var served = new Served();
        var id = MessageIdGenerator.Next();
        using var dealer = RawCaller.Call(served.Endpoint, id, "gated_on_pool");
        await Eventually.True(() => served.Server.InFlightCalls == 1, "the gated call started");
        RawCaller.Send(dealer, id, "hello", "again");
        // Requests of one connection are read in order: the answer to a later call means the duplicate was handled.
        var later = MessageIdGenerator.Next();
        RawCaller.Send(dealer, later, "hello", "later");
        RawCaller.NextReply(dealer).Header.ResponseTo.Should().Be(later, "the duplicate got no answer of its own");

        served.Service.Gate.Set();
        var replies = RawCaller.NamesUntilQuiet(dealer, TimeSpan.FromSeconds(1.5));
        replies.Should().Equal(["OK"], "only the call in flight answers on its channel");
        (await served.Client.CallAsync<string>("hello", "after")).Should().Be("Hello, after!");
    }

    [Fact]
    public void A_plain_call_allocates_little()
    {
        // Served on this thread, so this thread's allocation counter sees the whole call.
        using var dispatch = new SynchronousDispatch(new InlineService(), new ZeroRpcServerOptions());
        var perCall = dispatch.BytesPerCall(SynchronousDispatch.Request("hello", "bench"));
        dispatch.FirstReply!.Name.Should().Be(EventNames.Ok);
        perCall.Should().BeLessThan(780);
    }
}
