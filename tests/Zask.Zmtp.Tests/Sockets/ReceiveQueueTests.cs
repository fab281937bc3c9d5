using Zask.Zmtp.Internal;

namespace Zask.Zmtp.Tests.Sockets;

/// <summary>
/// The receive queue behind ReceiveAsync under a racing writer: every message arrives once and in order, whether the
/// reader resumes inline or on its context, the queue fills, or waits are given up at random.
/// </summary>
public class ReceiveQueueTests
{
    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 4)]
    [InlineData(true, 1000)]
    public async Task A_racing_writer_and_a_reader_that_gives_up_waits_lose_and_reorder_nothing(bool contextFreeReader, int capacity)
    {
        var queue = new ReceiveQueue(capacity);
        const int count = 200_000;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var message = new ZmtpMessage([BitConverter.GetBytes(i)]);
                if (!queue.TryWrite(message, resumeInline: (i & 1) == 0))
                {
                    await queue.WriteAsync(message, CancellationToken.None);
                }
            }
        });
        async Task ReadAll()
        {
            var random = new Random(18);
            for (var i = 0; i < count; i++)
            {
                while (true)
                {
                    using var giveUp = new CancellationTokenSource();
                    if (random.Next(10) == 0)
                    {
                        giveUp.CancelAfter(random.Next(2));
                    }
                    try
                    {
                        BitConverter.ToInt32((await queue.ReadAsync(giveUp.Token))[0]).Should().Be(i);
                        break;
                    }
                    catch (OperationCanceledException)
                    {
                        // Given up: the next wait must still get message i.
                    }
                }
            }
        }
        // On the pool no context is captured, so the reader resumes on the writer's thread; in the test's own
        // context it is posted there.
        var reader = contextFreeReader ? Task.Run(ReadAll) : ReadAll();
        await Task.WhenAll(writer, reader).WaitAsync(TimeSpan.FromSeconds(120));
    }
}
