namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// libzmq's mute actions toward a peer at its high-water mark: PUB and ROUTER drop (a send never waits), while
/// DEALER and PUSH wait (SocketOptionsTests). The peer is a raw socket that stops reading, so that the kernel's
/// buffers fill and then the pipe.
/// </summary>
public class MuteActionTests
{
    // Far more than loopback's socket buffers hold on both sides (a few MB each), in frames a raw peer reads simply.
    private const int Flood = 200_000;
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("data" + new string('x', 200));

    private static ZmtpSocketOptions Options() => new() { Linger = TimeSpan.Zero, Logger = new TestLogger(), SendHighWatermark = 10 };

    [Fact]
    public async Task A_pub_drops_for_a_subscriber_that_does_not_read_and_never_waits()
    {
        using var pub = new ZmtpSocket(ZmtpSocketType.Pub, Options());
        var endpoint = pub.Bind("tcp://127.0.0.1:*");
        using var peer = await RawPeer.Connect(endpoint);
        await peer.Handshake("SUB");
        peer.SendHex("040a09535542534352494245"); // SUBSCRIBE to everything
        await using (var probe = new Republisher(_ => pub.Send("probe"u8.ToArray())))
        {
            // The subscription has reached the publisher once a probe arrives.
            (await peer.ReadFrame()).Body.Should().Equal("probe"u8.ToArray());
        }

        for (var i = 0; i < Flood; i++)
        {
            pub.Send(Payload);
        }

        (await CountUntilEnd(peer, () => pub.Send("end"u8.ToArray()))).Should().BeInRange(1, Flood - 1,
            "the publisher drops what a full subscriber cannot take, and sent the rest");
    }

    [Fact]
    public async Task A_router_drops_for_a_peer_that_does_not_read_and_never_waits()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Options());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var peer = await RawPeer.Connect(endpoint);
        await peer.Handshake("DEALER");
        peer.SendHex("000568656c6c6f"); // "hello": tells the router this peer's routing id
        var id = (await Receiving.Receive(router))[0];

        var refused = 0;
        for (var i = 0; i < Flood; i++)
        {
            if (!router.TrySend(id, Payload))
            {
                refused++;
            }
            router.Send(id, Payload); // dropped as well when full, without waiting
        }
        refused.Should().BePositive("TrySend says when the peer's pipe is full");

        (await CountUntilEnd(peer, () => router.Send(id, "end"u8.ToArray()))).Should().BeInRange(1, (2 * Flood) - 1);
    }

    // Reads the peer's frames, counting the flood's, until "end" arrives; "end" is sent again and again meanwhile,
    // since the first tries are dropped while the pipe is still full.
    private static async Task<int> CountUntilEnd(RawPeer peer, Action sendEnd)
    {
        await using var ender = new Republisher(_ => sendEnd());
        var count = 0;
        while (true)
        {
            var frame = await peer.ReadFrame();
            if (frame.Body.AsSpan().SequenceEqual("end"u8))
            {
                return count;
            }
            if (frame.Body.AsSpan().StartsWith("data"u8))
            {
                count++;
            }
        }
    }
}
