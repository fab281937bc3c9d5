using System.Net;
using Zask.Zmtp.Tests.Framing;

namespace Zask.Zmtp.Tests.Sockets;

public class PubSubTests
{
    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.Zero, Logger = new TestLogger() };

    private static async Task<RawPeer> AcceptFrom(TcpListener listener) => RawPeer.Accept(await listener.AcceptSocketAsync());

    [Theory]
    [InlineData(1, "040d09535542534352494245746f70")] // 3.1: SUBSCRIBE command, libzmq's bytes
    [InlineData(0, "000401746f70")]                   // 3.0: a data frame 0x01 + topic
    public async Task A_sub_sends_its_subscription_in_the_form_the_peers_version_reads(byte minor, string expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, Options());
        sub.Subscribe("top");
        sub.Connect($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var peer = await AcceptFrom(listener);
        var ready = await peer.Handshake("PUB", minor);
        Hex.Of(ready).Should().Be(LibzmqCaptures.SubReadyThenSubscribe[4..54]);
        Hex.Of(await peer.Read(expected.Length / 2)).Should().Be(expected);
    }

    [Theory]
    [InlineData(1, "040d09535542534352494245746f70")]
    [InlineData(0, "000401746f70")]
    public async Task A_pub_filters_at_the_publisher_with_either_subscription_form(byte minor, string subscription)
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var connected = new TaskCompletionSource();
        pub.ConnectionEvent += (_, e) =>
        {
            if (e.Kind == ZmtpConnectionEventKind.Connected)
            {
                connected.TrySetResult();
            }
        };
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var peer = await RawPeer.Connect(endpoint);
        await peer.Handshake("SUB", minor);
        peer.SendHex(subscription);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The subscription is in flight; publish until the first matching message arrives, then check nothing else did.
        var publisher = new Republisher(_ =>
        {
            pub.Send("other"u8.ToArray());
            pub.Send("top.1"u8.ToArray());
        });
        for (var i = 0; i < 5; i++)
        {
            var frame = await peer.ReadFrame();
            frame.Body.Should().Equal("top.1"u8.ToArray(), "a SUB only gets what it subscribed to: the publisher filters");
        }
        await publisher.DisposeAsync();
    }

    [Theory]
    [InlineData(1, "040b0953554253435249424561", "04080643414e43454c61", "040b095355425343524942457a", "040b0953554253435249424579")]
    [InlineData(0, "00020161", "00020061", "0002017a", "00020179")]
    public async Task The_publisher_counts_subscriptions_and_a_cancel_stops_its_prefix(byte minor, string subscribeA, string cancelA,
        string subscribeZ, string subscribeY)
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var peer = await RawPeer.Connect(endpoint);
        await peer.Handshake("SUB", minor);
        await using var publisher = new Republisher(_ =>
        {
            pub.Send("a"u8.ToArray());
            pub.Send("z"u8.ToArray());
            pub.Send("y"u8.ToArray());
        });

        // "a" twice, cancelled once: still subscribed. "z" marks the point where the publisher has read all four.
        peer.SendHex(subscribeA + subscribeA + cancelA + subscribeZ);
        await ReadUntil(peer, "z");
        await ReadUntil(peer, "a");

        // The second cancel ends "a"; "y" marks the point past which no "a" may come.
        peer.SendHex(cancelA + subscribeY);
        await ReadUntil(peer, "y");
        for (var i = 0; i < 20; i++)
        {
            Encoding.ASCII.GetString((await peer.ReadFrame()).Body).Should().BeOneOf(["z", "y"], "the publisher filters out a cancelled prefix");
        }
    }

    private static async Task ReadUntil(RawPeer peer, string body)
    {
        while (Encoding.ASCII.GetString((await peer.ReadFrame()).Body) != body)
        {
        }
    }

    [Fact]
    public async Task Our_sub_receives_from_our_pub_and_filters_locally_too()
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var sub = new ZmtpSocket(ZmtpSocketType.Sub, Options());
        sub.Subscribe("a");
        sub.Connect(endpoint);
        var publisher = new Republisher(_ =>
        {
            pub.Send("b"u8.ToArray(), "no"u8.ToArray());
            pub.Send("ab"u8.ToArray(), "yes"u8.ToArray());
        });
        for (var i = 0; i < 5; i++)
        {
            (await Receiving.Receive(sub)).GetString(1).Should().Be("yes");
        }
        await publisher.DisposeAsync();
    }
}
