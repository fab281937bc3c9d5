using NetMQ;
using NetMQ.Sockets;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Channels;

/// <summary>Timeouts, heartbeats and lost-peer detection over real sockets.</summary>
public class HeartbeatAndTimeoutTests
{
    // Quick to declare a peer lost: for the tests where losing it is the point.
    private static readonly HeartbeatOptions Fast = new() { Period = TimeSpan.FromMilliseconds(200) };

    // Where the peer must NOT be lost: the loss window (two periods, 4 s) must outlast any stall of a starved test
    // process. 500 ms periods failed at load 30-40 (a test host frozen for 1.5 s loses its own peer on waking).
    private static readonly HeartbeatOptions Patient = new() { Period = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task A_call_longer_than_several_heartbeat_periods_succeeds()
    {
        await using var host = new ShowcaseHost(Patient);
        // Four periods: a server that did not beat would be lost after three (one before "last heard" starts, two missed).
        var seconds = 4 * Patient.Period.TotalSeconds;
        (await host.Client.CallAsync<double>("sleep", seconds)).Should().Be(seconds);
    }

    [Fact]
    public async Task A_call_without_a_reply_in_time_fails_with_TimeoutExpired_and_the_client_keeps_working()
    {
        await using var host = new ShowcaseHost();
        var error = await FluentActions.Awaiting(() => host.Client.CallWithOptionsAsync<object>("sleep", new CallOptions(TimeSpan.FromMilliseconds(300)), 2.0))
            .Should().ThrowAsync<TimeoutExpiredException>();
        error.Which.Message.Should().Contain("timeout after 0.3s, when calling remote method sleep");
        (await host.Client.CallAsync<string>("hello", "again")).Should().Be("Hello, again!");
    }

    [Fact]
    public async Task A_server_that_never_answers_nor_beats_is_declared_lost()
    {
        using var silent = new RouterSocket();
        var port = silent.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Heartbeat = Fast, Timeout = TimeSpan.FromSeconds(30) });
        client.Connect($"tcp://127.0.0.1:{port}");
        var error = await FluentActions.Awaiting(() => client.CallAsync<object>("hello", "anyone"))
            .Should().ThrowAsync<LostRemoteException>();
        error.Which.Message.Should().Contain("Lost remote after 0.4s heartbeat");
    }

    [Fact]
    public async Task The_server_cancels_the_call_of_a_client_that_went_silent_and_frees_its_channel()
    {
        // Patient, not Fast: the hello call at the end must not lose its peer when the test host is frozen mid-call.
        // The silent caller is still lost, after three periods (6 s), far sooner than its sleep would end.
        await using var host = new ShowcaseHost(Patient);
        // A request for a long sleep, then nothing: no heartbeat ever comes from this client.
        using var silentClient = RawCaller.Call(host.Endpoint, "sleep", 600.0);
        await Eventually.True(() => host.Server.InFlightCalls == 1, "the call started");
        await Eventually.True(() => host.Server.InFlightCalls == 0 && host.Server.OpenChannels == 0,
            "the call was cancelled and its channel freed", TimeSpan.FromSeconds(60));
        (await host.Client.CallAsync<string>("hello", "others")).Should().Be("Hello, others!");
    }

    [Fact]
    public async Task A_call_in_flight_fails_as_soon_as_its_server_connection_closes()
    {
        var host = new ShowcaseHost();
        await using var client = host.NewClient(HeartbeatOptions.Default, TimeSpan.FromSeconds(60));
        var call = client.CallAsync<double>("sleep", 30.0);
        await Eventually.True(() => host.Server.InFlightCalls == 1, "the call started");
        await host.DisposeAsync();
        var error = await FluentActions.Awaiting(() => call).Should().ThrowAsync<LostRemoteException>();
        error.Which.Message.Should().Contain("connection to").And.Contain("closed",
            "the closed connection is noticed long before the 10 s heartbeat limit or the 60 s timeout");
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_fails_after_the_timeout_without_hanging()
    {
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        client.Connect(FreePort.Endpoint());
        var error = await FluentActions.Awaiting(() => client.CallAsync<string>("hello", "nobody"))
            .Should().ThrowAsync<EndpointUnavailableException>();
        error.Which.Message.Should().Contain("no server was reachable for hello");
    }

    [Fact]
    public async Task Heartbeats_can_be_disabled()
    {
        await using var host = new ShowcaseHost(HeartbeatOptions.Disabled);
        (await host.Client.CallAsync<double>("sleep", 0.3)).Should().Be(0.3);
        HeartbeatOptions.Disabled.Enabled.Should().BeFalse();
    }

    [Fact]
    public async Task Late_events_for_closed_channels_are_dropped_never_taken_as_calls()
    {
        await using var host = new ShowcaseHost();
        using var dealer = new DealerSocket();
        dealer.Connect(host.Endpoint);
        var unknownChannel = MessageIdGenerator.Next();
        dealer.SendMoreFrameEmpty().SendFrame(Heartbeat(unknownChannel));
        await Eventually.True(() => host.Server.DroppedEvents == 1, "the stray heartbeat was dropped");
        host.Server.InFlightCalls.Should().Be(0);
        dealer.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(200), out _).Should().BeFalse("nothing answers a stray heartbeat");
    }

    internal static byte[] Request(string method, params object?[] args) => Request(MessageIdGenerator.Next(), method, args);

    /// <summary>A request event with the given message id (the id of the channel it opens).</summary>
    internal static byte[] Request(MessageId id, string method, params object?[] args)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, id, null, null);
        writer.Write(method);
        writer.WriteArrayHeader(args.Length);
        foreach (var arg in args)
        {
            MessagePack.MessagePackSerializer.Serialize(ref writer, arg, ZeroRpcSerializer.Options);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Heartbeat(MessageId channel)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, MessageIdGenerator.Next(), channel, null);
        writer.Write(EventNames.Heartbeat);
        writer.WriteArrayHeader(1);
        writer.Write(0);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
