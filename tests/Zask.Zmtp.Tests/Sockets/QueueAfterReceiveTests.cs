namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// Work a receive handler hands on with <see cref="ZmtpSocket.QueueAfterReceive"/> runs on the handler's thread once
/// the connection's next read is armed, so it may block without stalling that connection.
/// </summary>
public class QueueAfterReceiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static ZmtpSocketOptions Quick() => new() { Linger = TimeSpan.FromSeconds(1), Logger = new TestLogger() };

    [Fact]
    public async Task Deferred_work_that_blocks_until_the_next_message_arrives_does_not_stall_the_read_that_brings_it()
    {
        using var router = new ZmtpSocket(ZmtpSocketType.Router, Quick());
        var endpoint = router.Bind("tcp://127.0.0.1:*");
        using var dealer = new ZmtpSocket(ZmtpSocketType.Dealer, Quick());
        var second = new ManualResetEventSlim();
        var work = new BlockingWork(second);
        var handlerThreads = new List<int>();
        dealer.ReceiveHandler = message =>
        {
            lock (handlerThreads)
            {
                handlerThreads.Add(Environment.CurrentManagedThreadId);
            }
            if (message.GetString(0) == "first")
            {
                ZmtpSocket.QueueAfterReceive(work);
            }
            else
            {
                second.Set();
            }
        };
        dealer.Connect(endpoint);

        dealer.Send("hello"u8.ToArray());
        var identity = (await Receiving.Receive(router))[0];
        router.Send(identity, "first"u8.ToArray());
        var workThread = await work.Started.Task.WaitAsync(Deadline);
        lock (handlerThreads)
        {
            workThread.Should().Be(handlerThreads[0], "the work runs on the thread that handled the read");
        }

        // The work blocks its thread until the handler sees this: the connection must read it on another thread.
        router.Send(identity, "second"u8.ToArray());
        (await work.Finished.Task.WaitAsync(Deadline)).Should().BeTrue("the second message was read while the work blocked");
        lock (handlerThreads)
        {
            handlerThreads.Should().HaveCount(2);
            handlerThreads[1].Should().NotBe(handlerThreads[0]);
        }
    }

    [Fact]
    public async Task Work_queued_outside_a_receive_handler_runs_on_the_thread_pool()
    {
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        ZmtpSocket.QueueAfterReceive(new SignalWork(ran));
        (await ran.Task.WaitAsync(Deadline)).Should().BeTrue();
    }

    private sealed class BlockingWork(ManualResetEventSlim release) : IThreadPoolWorkItem
    {
        public TaskCompletionSource<int> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            Started.TrySetResult(Environment.CurrentManagedThreadId);
            Finished.TrySetResult(release.Wait(Deadline));
        }
    }

    private sealed class SignalWork(TaskCompletionSource<bool> ran) : IThreadPoolWorkItem
    {
        public void Execute() => ran.TrySetResult(true);
    }
}
