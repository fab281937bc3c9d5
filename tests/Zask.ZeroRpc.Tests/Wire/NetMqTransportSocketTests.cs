using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Tests.Support;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// The transport on its own, with no timers to wake its I/O thread: threads other than the I/O thread send on the
/// socket themselves while messages arrive, which must neither lose a wake-up nor reorder a thread's messages. Each
/// test also runs with direct sends off: the path taken when NetMQ hides the socket's mailbox descriptor.
/// </summary>
public class NetMqTransportSocketTests
{
    private const int Messages = 50_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_arriving_while_other_threads_send_are_all_received(bool directSends)
    {
        var atRouter = 0;
        var atDealer = 0;
        byte[][]? dealerEnvelope = null;
        using var router = new NetMqTransportSocket(SocketKind.Router, message =>
        {
            Volatile.Write(ref dealerEnvelope, message.Envelope);
            Interlocked.Increment(ref atRouter);
        }, NullLogger.Instance, directSends: directSends);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new NetMqTransportSocket(SocketKind.Dealer, _ => Interlocked.Increment(ref atDealer), NullLogger.Instance,
            directSends: directSends);
        dealer.Connect(endpoint);
        dealer.Send(Message(0, 0));
        await Eventually.True(() => Volatile.Read(ref dealerEnvelope) is not null, "the router heard the dealer");

        // Both directions at once: the dealer's sends (from pool threads) run NetMQ's command processing now and
        // then, which takes the mailbox signal of messages the router sent meanwhile.
        var envelope = Volatile.Read(ref dealerEnvelope)!;
        var fromRouter = Task.Run(() =>
        {
            for (var i = 0; i < Messages; i++)
            {
                router.Send(Message(0, i, envelope));
            }
        });
        var fromDealer = Task.Run(async () =>
        {
            for (var i = 1; i <= Messages; i++)
            {
                dealer.Send(Message(0, i));
                if (i % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        });
        await Task.WhenAll(fromRouter, fromDealer);

        await Eventually.True(() => Volatile.Read(ref atDealer) == Messages && Volatile.Read(ref atRouter) == Messages + 1,
            $"every message arrived (dealer got {Volatile.Read(ref atDealer)}, router got {Volatile.Read(ref atRouter)})",
            TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_sending_thread_keeps_its_order_whether_it_sends_itself_or_queues(bool directSends)
    {
        const int threads = 4;
        const int perThread = 5_000;
        var received = new ConcurrentQueue<(int Thread, int Sequence)>();
        using var router = new NetMqTransportSocket(SocketKind.Router, message =>
            received.Enqueue((BinaryPrimitives.ReadInt32LittleEndian(message.Blob), BinaryPrimitives.ReadInt32LittleEndian(message.Blob.AsSpan(4)))),
            NullLogger.Instance);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new NetMqTransportSocket(SocketKind.Dealer, _ => { }, NullLogger.Instance, directSends: directSends);
        dealer.Connect(endpoint);

        // Real threads, so that they contend for the socket: one sends itself while the others queue.
        var senders = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                dealer.Send(Message(t, i));
            }
        })).ToList();
        senders.ForEach(thread => thread.Start());
        senders.ForEach(thread => thread.Join());

        await Eventually.True(() => received.Count == threads * perThread,
            $"every message arrived ({received.Count} of {threads * perThread})", TimeSpan.FromSeconds(30));
        foreach (var group in received.GroupBy(m => m.Thread))
        {
            group.Select(m => m.Sequence).Should().Equal(Enumerable.Range(0, perThread), $"thread {group.Key}'s messages keep their order");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Threads_sending_while_the_socket_is_disposed_neither_fail_nor_hang(bool directSends)
    {
        var received = 0;
        using var router = new NetMqTransportSocket(SocketKind.Router, _ => Interlocked.Increment(ref received), NullLogger.Instance);
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        var dealer = new NetMqTransportSocket(SocketKind.Dealer, _ => { }, NullLogger.Instance, directSends: directSends);
        dealer.Connect(endpoint);
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                dealer.Send(Message(t, i));
            }
        })).ToList();
        await Eventually.True(() => Volatile.Read(ref received) > 1_000, "the senders are under way");

        var disposing = Task.Run(dealer.Dispose);
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        // Sends after Dispose are dropped quietly, like sends to a peer that went away.
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static OutgoingMessage Message(int thread, int sequence, byte[][]? envelope = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(60);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, thread);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), sequence);
        return new OutgoingMessage(envelope, buffer, 60);
    }
}
