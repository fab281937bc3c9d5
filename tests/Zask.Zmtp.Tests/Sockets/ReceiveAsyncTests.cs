namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// The awaitable receive: readers resumed on the read completion (no context), cancelled and concurrent waits, a
/// dispose under a waiting reader, and the receive high-water mark pausing a connection without losing order.
/// </summary>
public class ReceiveAsyncTests
{
    private static ZmtpSocketOptions Quick() => new() { Linger = TimeSpan.FromSeconds(1), Logger = new TestLogger() };

    [Fact]
    public async Task A_receive_loop_without_a_context_echoes_every_message_in_order()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Quick());
        dealer.Connect(endpoint);
        const int count = 2_000;

        // Both loops on the pool, where no context is captured: each resumes on the read that brought its message,
        // and sends its answer from there, 32 at a time in flight.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var request = await router.ReceiveAsync(deadline.Token);
                router.Send(request[0], request[1], request[2]);
            }
        });
        var client = Task.Run(async () =>
        {
            var next = 0;
            for (; next < 32; next++)
            {
                dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes(next.ToString()));
            }
            for (var expected = 0; expected < count; expected++)
            {
                var reply = await dealer.ReceiveAsync(deadline.Token);
                reply.GetString(1).Should().Be(expected.ToString(), "one connection keeps its order");
                if (next < count)
                {
                    dealer.Send(Array.Empty<byte>(), Encoding.ASCII.GetBytes(next++.ToString()));
                }
            }
        });
        await Task.WhenAll(server, client);
    }

    [Fact]
    public async Task A_cancelled_receive_does_not_take_the_next_message()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Quick());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Quick());
        push.Connect(endpoint);

        // Many waits given up in turn (a poll with a timeout): none of them may swallow what arrives afterwards.
        for (var i = 0; i < 50; i++)
        {
            using var cts = new CancellationTokenSource();
            var waiting = pull.ReceiveAsync(cts.Token);
            await cts.CancelAsync();
            await FluentActions.Awaiting(async () => await waiting).Should().ThrowAsync<OperationCanceledException>();
        }
        push.Send("after"u8.ToArray());
        (await Receiving.Receive(pull)).GetString(0).Should().Be("after");
    }

    [Fact]
    public async Task Two_waiting_readers_get_one_message_each()
    {
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, Quick());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Quick());
        push.Connect(endpoint);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var first = Task.Run(async () => (await pull.ReceiveAsync(deadline.Token)).GetString(0));
        var second = Task.Run(async () => (await pull.ReceiveAsync(deadline.Token)).GetString(0));
        push.Send("a"u8.ToArray());
        push.Send("b"u8.ToArray());

        (await Task.WhenAll(first, second)).Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public async Task Disposing_the_socket_fails_a_waiting_receive_and_a_later_one()
    {
        var pull = new ZmtpSocket(ZmtpSocketType.Pull, Quick());
        pull.Bind("tcp://127.0.0.1:*");
        var waiting = pull.ReceiveAsync();

        pull.Dispose();

        await FluentActions.Awaiting(async () => await waiting).Should().ThrowAsync<ObjectDisposedException>();
        await FluentActions.Awaiting(async () => await pull.ReceiveAsync()).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_reader_that_blocks_where_it_resumed_stalls_its_connection_until_the_socket_is_disposed()
    {
        var pull = new ZmtpSocket(ZmtpSocketType.Pull, Quick());
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Quick());
        push.Connect(endpoint);
        var hung = TimeSpan.FromSeconds(60);

        // Two readers waiting before anything is sent: the first resumes on the read completion that brings "a" and
        // blocks there, synchronously, on the second, whose message comes on the same connection after it.
        var resumed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWait = pull.ReceiveAsync();
        var second = pull.ReceiveAsync().AsTask();
        var first = ResumeThenBlockOn(firstWait, second, resumed);
        push.Send("a"u8.ToArray());
        push.Send("b"u8.ToArray());

        (await resumed.Task.WaitAsync(hung)).Should().Be("a");
        second.IsCompleted.Should().BeFalse("the connection reads nothing more while the reader it resumed blocks");

        pull.Dispose();

        await FluentActions.Awaiting(() => second.WaitAsync(hung)).Should().ThrowAsync<ObjectDisposedException>(
            "disposing fails every waiting receive, the one a blocked reader waits for too");
        await FluentActions.Awaiting(() => first.WaitAsync(hung)).Should().ThrowAsync<ObjectDisposedException>();
    }

    private static async Task ResumeThenBlockOn(ValueTask<ZmtpMessage> receive, Task<ZmtpMessage> other, TaskCompletionSource<string> resumed)
    {
        var message = await receive.ConfigureAwait(false);
        resumed.SetResult(message.GetString(0));
        // Synchronously, on the thread that resumed it: what a sync-over-async reader does.
        other.GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Past_the_receive_high_water_mark_reading_pauses_and_nothing_is_lost_or_reordered()
    {
        var options = Quick();
        options.ReceiveHighWatermark = 5;
        using var pull = new ZmtpSocket(ZmtpSocketType.Pull, options);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = new ZmtpSocket(ZmtpSocketType.Push, Quick());
        push.Connect(endpoint);
        const int count = 500;
        for (var i = 0; i < count; i++)
        {
            push.Send(Encoding.ASCII.GetBytes(i.ToString()));
        }
        // Everything has left the sender (so the reader's queue has filled and its connection paused) before a read.
        await Eventually.True(() => push.Pipes.All(p => p.IsIdle), "the PUSH socket wrote all its messages");

        for (var i = 0; i < count; i++)
        {
            (await Receiving.Receive(pull)).GetString(0).Should().Be(i.ToString());
        }
        pull.TryReceive(out var extra).Should().BeFalse();
        extra.Should().BeNull();
    }
}
