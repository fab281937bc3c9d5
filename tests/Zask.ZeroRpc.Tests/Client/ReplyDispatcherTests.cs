using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Tests.Support;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// The replies one read brings resume their callers one after another on one thread: a caller that blocks there,
/// waiting synchronously for another reply of the same read, must not wait for ever on the caller queued behind it.
/// </summary>
public class ReplyDispatcherTests
{
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_caller_that_blocks_on_a_reply_queued_behind_it_still_gets_it()
    {
        // A real connection (to nothing: only its multiplexer and its deadline tick matter here).
        using var connection = new ClientConnection($"tcp://127.0.0.1:{FreePort.Next()}",
            new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) }, NullLogger.Instance);
        var multiplexer = connection.Multiplexer;
        for (var round = 0; round < 20; round++)
        {
            var first = new ClientChannel(multiplexer, MessageIdGenerator.Next(), connection.Replies);
            var second = new ClientChannel(multiplexer, MessageIdGenerator.Next(), connection.Replies);
            multiplexer.Register(first);
            multiplexer.Register(second);
            var secondResumed = Resume(second.ReadFirstAsync(long.MaxValue, CancellationToken.None));
            var firstResumed = ResumeThenBlockOn(first.ReadFirstAsync(long.MaxValue, CancellationToken.None), secondResumed);

            // Both replies from one work item, as one read hands them over: the second joins the first one's runner.
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                first.Receive(Reply(first));
                second.Receive(Reply(second));
            }, null);

            (await firstResumed.WaitAsync(Hung)).Should().Be(EventNames.Ok);
            (await secondResumed.WaitAsync(Hung)).Name.Should().Be(EventNames.Ok);
            first.Close();
            second.Close();
        }
    }

    private static async Task<Event> Resume(ValueTask<Event> read) => await read.ConfigureAwait(false);

    private static async Task<string> ResumeThenBlockOn(ValueTask<Event> read, Task<Event> other)
    {
        var evt = await read.ConfigureAwait(false);
        // Synchronously, on the thread that resumed this caller: what a sync-over-async caller does.
        other.GetAwaiter().GetResult();
        return evt.Name;
    }

    private static Event Reply(ClientChannel channel) =>
        new(new EventHeader(MessageIdGenerator.Next(), responseTo: channel.Id), EventNames.Ok, new byte[] { 0x91, 0xc0 });
}
