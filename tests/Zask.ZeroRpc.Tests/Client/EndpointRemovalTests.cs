using Microsoft.Extensions.Logging.Abstractions;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// A call in flight on an endpoint the client stops using (a registry saw its server leave, or the client closed)
/// still ends: with its answer, by its deadline, or with the client's closing, never waiting for ever.
/// </summary>
[Collection(SerialCollection.Name)]
public class EndpointRemovalTests
{
    // Far longer than any call here may take: a call still running then never ends.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(60);

    public sealed class HeldService
    {
        public TaskCompletionSource<string> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Held() => Answer.Task;
    }

    private static (ZeroRpcServer Server, string Endpoint) Serve(HeldService service)
    {
        var server = new ZeroRpcServer(service);
        return (server, server.Bind(FreePort.Endpoint()));
    }

    [Fact]
    public async Task A_call_in_flight_on_a_disconnected_endpoint_still_gets_its_answer()
    {
        var service = new HeldService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);
        var call = client.CallAsync<string>("held");
        await Eventually.True(() => server.InFlightCalls == 1, "the server runs the call");

        client.Disconnect(endpoint);
        client.Endpoints.Should().BeEmpty("no new call goes to a disconnected endpoint");
        service.Answer.SetResult("late");

        (await call.WaitAsync(Hung)).Should().Be("late");
    }

    [Fact]
    public async Task A_call_in_flight_on_a_disconnected_endpoint_whose_server_never_answers_times_out()
    {
        var service = new HeldService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        client.Connect(endpoint);
        var call = client.CallAsync<string>("held");
        await Eventually.True(() => server.InFlightCalls == 1, "the server runs the call");

        client.Disconnect(endpoint);

        var failure = await Assert.ThrowsAsync<TimeoutExpiredException>(() => call.WaitAsync(Hung));
        failure.Endpoint.Should().Be(endpoint);
    }

    [Fact]
    public async Task A_call_in_flight_when_the_client_closes_fails()
    {
        var service = new HeldService();
        var (server, endpoint) = Serve(service);
        await using var _ = server;
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);
        var call = client.CallAsync<string>("held");
        await Eventually.True(() => server.InFlightCalls == 1, "the server runs the call");

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => call.WaitAsync(Hung));
    }

    [Fact]
    public async Task A_channel_waiting_on_a_closed_multiplexer_fails_and_none_registers_after()
    {
        var multiplexer = new ChannelMultiplexer(receive => new ZmtpTransportSocket(SocketKind.Dealer, receive, NullLogger.Instance),
            new HeartbeatOptions(), DecodeLimits.Default, onNewChannel: null, NullLogger.Instance, TimeSpan.FromMilliseconds(20));
        var waiting = new ClientChannel(multiplexer, MessageIdGenerator.Next());
        multiplexer.Register(waiting);
        var read = waiting.ReadFirstAsync(multiplexer.NowMs + 60_000, CancellationToken.None).AsTask();

        multiplexer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => read.WaitAsync(Hung));
        var late = new ClientChannel(multiplexer, MessageIdGenerator.Next());
        multiplexer.TryRegisterOpen(late).Should().BeFalse("nothing would ever end a channel registered now");
    }
}
