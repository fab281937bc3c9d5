using NetMQ.Sockets;
using NetMQ;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>Malformed input and shutdown: precise errors, nothing lost, the server keeps serving.</summary>
public class RobustnessTests
{
    [Fact]
    public async Task Malformed_messages_are_rejected_and_the_server_keeps_serving()
    {
        await using var host = new ShowcaseHost();
        using var dealer = new DealerSocket();
        dealer.Connect(host.Endpoint);
        byte[][] garbage =
        [
            [0xc1],                                   // not a MessagePack type
            [0x93, 0x80],                             // truncated event
            [0x92, 0x80, 0xa1, 0x78],                 // two elements
            [0x93, 0x80, 0xa5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x90], // header without message_id
            [0x93, 0x81, 0x01, 0x02, 0xa1, 0x78, 0x90],  // non-string header key
            [0xdd, 0xff, 0xff, 0xff, 0xff],           // an array declaring 4 billion elements
            [.. Enumerable.Repeat((byte)0x91, 10_000), 0xc0], // nesting 10,000 deep
        ];
        foreach (var blob in garbage)
        {
            dealer.SendMoreFrameEmpty().SendFrame(blob);
        }
        await Eventually.True(() => host.Server.RejectedMessages == garbage.Length, "every malformed message was rejected");
        (await host.Client.CallAsync<string>("hello", "after garbage")).Should().Be("Hello, after garbage!");
    }

    [Fact]
    public async Task Arguments_that_are_not_an_array_get_a_TypeError()
    {
        await using var host = new ShowcaseHost();
        using var dealer = new DealerSocket();
        dealer.Connect(host.Endpoint);
        var request = Channels.HeartbeatAndTimeoutTests.Request("hello", "x");
        // The request ends with the args [ "x" ] = 91 a1 78; make them the bare string "x" = a1 78.
        request = [.. request[..^3], 0xa1, (byte)'x'];
        dealer.SendMoreFrameEmpty().SendFrame(request);
        var frames = new List<byte[]>();
        dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(10), ref frames).Should().BeTrue("the server answers");
        var reply = Zask.ZeroRpc.Wire.EventCodec.Decode(frames[^1]);
        reply.Name.Should().Be("ERR");
        RemoteDescription(reply).Should().Contain("TypeError").And.Contain("arguments must be an array");
    }

    [Fact]
    public async Task A_graceful_stop_lets_calls_in_flight_finish_and_refuses_new_ones()
    {
        await using var host = new ShowcaseHost();
        var inFlight = host.Client.CallAsync<double>("sleep", 0.5);
        await Eventually.True(() => host.Server.InFlightCalls == 1, "the call started");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stopping = host.Server.StopAsync(deadline.Token);
        await Eventually.True(() => host.Server.IsStopping, "the stop began");
        var refused = await FluentActions.Awaiting(() => host.Client.CallAsync<string>("hello", "late"))
            .Should().ThrowAsync<RemoteException>();
        refused.Which.Name.Should().Be("ServiceUnavailable");
        (await inFlight).Should().Be(0.5);
        await stopping;
    }

    /// <summary>Answers at once, or holds a call until the test releases it.</summary>
    public sealed class HoldingService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Hello(string name) => $"Hello, {name}!";

        /// <summary>Returns <paramref name="length"/> letters once released.</summary>
        public async Task<string> Held(int length)
        {
            Started.SetResult();
            await Release.Task;
            return new string('z', length);
        }
    }

    [Fact]
    public async Task A_graceful_stop_closes_the_socket_only_once_the_last_reply_reached_a_slow_caller()
    {
        var service = new HoldingService();
        // No heartbeats: this caller never beats, and a server that declared it lost would drop the reply.
        await using var host = new ShowcaseHost(HeartbeatOptions.Disabled, service: service);
        // A caller with room for one message: it stops reading at the second reply, so the large third one waits in
        // the server's socket until the caller reads again (as a busy or starved caller makes it wait).
        using var caller = new Zask.Zmtp.ZmtpSocket(Zask.Zmtp.ZmtpSocketType.Dealer,
            new Zask.Zmtp.ZmtpSocketOptions { ReceiveHighWatermark = 1, Linger = TimeSpan.Zero });
        caller.Connect(host.Endpoint);
        const int length = 16 * 1024 * 1024;
        caller.Send(ReadOnlyMemory<byte>.Empty, Channels.HeartbeatAndTimeoutTests.Request("hello", "one"));
        caller.Send(ReadOnlyMemory<byte>.Empty, Channels.HeartbeatAndTimeoutTests.Request("hello", "two"));
        caller.Send(ReadOnlyMemory<byte>.Empty, Channels.HeartbeatAndTimeoutTests.Request("held", length));
        // The requests are read in order: once the large call runs, the small ones were answered.
        await service.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stop = host.Server.StopAsync(deadline.Token);
        await Eventually.True(() => host.Server.IsStopping, "the stop began");
        service.Release.SetResult();

        // Not a synchronisation: a bound. A stop that does not wait for the reply closes its socket meanwhile.
        await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(1)));
        (await NextReply(caller)).Name.Should().Be(EventNames.Ok);
        (await NextReply(caller)).Name.Should().Be(EventNames.Ok);
        var large = await NextReply(caller);
        large.Name.Should().Be(EventNames.Ok);
        large.Args.Length.Should().BeGreaterThan(length, "the whole string came");
        await stop;
    }

    [Fact]
    public async Task Calls_refused_by_a_stopping_server_go_to_another_endpoint()
    {
        HoldingService[] services = [new(), new()];
        await using var draining = new ShowcaseHost(service: services[0]);
        await using var other = new ShowcaseHost(service: services[1]);
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        client.Connect(draining.Endpoint);
        client.Connect(other.Endpoint);
        // Both connected before the stop: a refused call goes elsewhere only when another endpoint is up, and a
        // starved test host may still be connecting the second one after the first has answered.
        await Eventually.True(() => client.LiveEndpoints.Count == 2, "the client connected to both servers");
        (await client.CallAsync<string>("hello", "warm")).Should().Be("Hello, warm!");

        // Keep one server draining (a call held in flight) while new calls arrive. Held until they have all
        // answered, not for a fixed time: a server that finished stopping meanwhile would lose the calls sent as it
        // closed, and on a starved host the twenty calls can take longer than any such time.
        var longCall = client.CallAsync<string>("held", 3);
        await Task.WhenAny(services[0].Started.Task, services[1].Started.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var holder = services[0].Started.Task.IsCompleted ? 0 : 1;
        var stopping = (holder == 0 ? draining : other).Server;
        // A grace far longer than the test: the held call must not be cancelled by it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stop = stopping.StopAsync(deadline.Token);
        await Eventually.True(() => stopping.IsStopping, "the stop began");

        var replies = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            replies.Add(await client.CallAsync<string>("hello", $"call {i}"));
        }
        replies.Should().Equal(Enumerable.Range(0, 20).Select(i => $"Hello, call {i}!"),
            "no call is lost to the server that is shutting down");
        stop.IsCompleted.Should().BeFalse("the stopping server still holds its call");
        services[holder].Release.SetResult();
        (await longCall).Should().Be("zzz");
        await stop;
    }

    /// <summary>The next event that is not a heartbeat, within 20 s.</summary>
    private static async Task<Zask.ZeroRpc.Wire.Event> NextReply(Zask.Zmtp.ZmtpSocket caller)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var reply = Zask.ZeroRpc.Wire.EventCodec.Decode((await caller.ReceiveAsync(wait.Token)).Last);
                if (reply.Name != EventNames.Heartbeat)
                {
                    return reply;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no reply within 20 s: the server closed its connection before writing it");
        }
    }

    private static string RemoteDescription(Zask.ZeroRpc.Wire.Event reply)
    {
        var parts = (object?[])MsgPackJson.DecodeValue(reply.Args)!;
        return string.Join(" | ", parts);
    }
}
