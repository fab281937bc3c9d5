using System.Globalization;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>libzmq's load balancing: DEALER and PUSH deal whole messages round-robin and skip a full pipe; PULL takes from every peer.</summary>
public class LoadBalancingTests
{
    private static ZmtpSocketOptions Options() => new()
    {
        Linger = TimeSpan.Zero,
        Logger = new TestLogger(),
        ReconnectIntervalMax = TimeSpan.FromMilliseconds(200),
    };

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_dealer_deals_whole_messages_round_robin_over_its_peers()
    {
        using var first = new ZmtpSocket(ZmtpSocketType.Router, Options());
        var firstEndpoint = first.Bind("tcp://127.0.0.1:*");
        using var second = new ZmtpSocket(ZmtpSocketType.Router, Options());
        var secondEndpoint = second.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Options());
        dealer.Connect(firstEndpoint);
        dealer.Connect(secondEndpoint);

        for (var i = 0; i < 10; i++)
        {
            dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes(Text(i)));
        }

        for (var i = 0; i < 10; i += 2)
        {
            var atFirst = await Receiving.Receive(first);
            atFirst.Count.Should().Be(3, "routing id, then the whole two-frame message");
            atFirst.GetString(2).Should().Be(Text(i));
            (await Receiving.Receive(second)).GetString(2).Should().Be(Text(i + 1));
        }
    }

    [Fact]
    public async Task A_push_skips_a_peer_at_its_high_water_mark_and_that_peer_gets_its_queue_once_it_comes()
    {
        var absentEndpoint = $"tcp://127.0.0.1:{FreePort.Next()}";
        using var present = new ZmtpSocket(ZmtpSocketType.Pull, Options());
        var presentEndpoint = present.Bind("tcp://127.0.0.1:*");
        var options = Options();
        options.SendHighWatermark = 2;
        using var push = new ZmtpSocket(ZmtpSocketType.Push, options);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        push.ConnectionEvent += (_, e) =>
        {
            if (e.Kind == ZmtpConnectionEventKind.Connected)
            {
                connected.TrySetResult();
            }
        };
        push.Connect(absentEndpoint);
        push.Connect(presentEndpoint);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // In turn: 0 queues for the absent peer, 1 goes out, 2 queues, 3 goes out; from 4 on the absent peer's pipe
        // holds its high-water mark, so it is skipped and everything goes to the present one.
        for (var i = 0; i < 10; i++)
        {
            push.TrySend(Encoding.ASCII.GetBytes(Text(i))).Should().BeTrue($"message {i} has a pipe with room");
        }
        foreach (var expected in new[] { 1, 3, 4, 5, 6, 7, 8, 9 })
        {
            (await Receiving.Receive(present)).GetString(0).Should().Be(Text(expected));
        }

        using var late = new ZmtpSocket(ZmtpSocketType.Pull, Options());
        late.Bind(absentEndpoint);
        (await Receiving.Receive(late)).GetString(0).Should().Be("0", "messages wait in the pipe while its connect is pending");
        (await Receiving.Receive(late)).GetString(0).Should().Be("2");
    }

    [Fact]
    public async Task A_pull_behind_its_receive_high_water_mark_does_not_starve_a_peer()
    {
        var options = Options();
        options.ReceiveHighWatermark = 10;
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, options);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        const int each = 3000;
        using var a = new ZmtpSocket(ZmtpSocketType.Push, Options());
        using var b = new ZmtpSocket(ZmtpSocketType.Push, Options());
        a.Connect(endpoint);
        b.Connect(endpoint);
        for (var i = 0; i < each; i++)
        {
            a.Send("a"u8.ToArray());
            b.Send("b"u8.ToArray());
        }
        // Both floods wait in the kernel and in the paused connections before the first read.
        await Eventually.True(() => a.Pipes.All(p => p.IsIdle) && b.Pipes.All(p => p.IsIdle), "both PUSH sockets wrote everything");

        var order = new StringBuilder(2 * each);
        for (var i = 0; i < 2 * each; i++)
        {
            order.Append((await Receiving.Receive(pull)).GetString(0));
        }
        var text = order.ToString();
        text.Count(c => c == 'a').Should().Be(each);
        // Fair by arrival: both connections wait for room in the same queue, so neither is held back until the
        // other has nothing left.
        var firstA = text.IndexOf('a', StringComparison.Ordinal);
        var firstB = text.IndexOf('b', StringComparison.Ordinal);
        Math.Max(firstA, firstB).Should().BeLessThan(each, $"both peers are read from before either is drained (first a at {firstA}, first b at {firstB})");
    }
}
