using System.Collections.Concurrent;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:oneway-receiver
public sealed class Mailbox
{
    public ConcurrentQueue<string> Received { get; } = new();

    public void Deliver(string text, long n) => Received.Enqueue($"{text} #{n}");
}
#endregion

public static class OneWay
{
    public static async Task<string> PushAsync()
    {
        #region docs:oneway-push
        var mailbox = new Mailbox();
        await using var puller = new ZeroRpcPuller(mailbox);
        var endpoint = puller.Bind("tcp://127.0.0.1:*");
        await using var pusher = new ZeroRpcPusher();
        pusher.Connect(endpoint);
        pusher.Push("deliver", "hello", 1);          // returns once queued; Mailbox.Deliver runs on the puller
        #endregion
        return await FirstAsync(mailbox, () => { });
    }

    public static async Task<string> PublishAsync()
    {
        #region docs:oneway-pubsub
        await using var publisher = new ZeroRpcPublisher();
        var endpoint = publisher.Bind("tcp://127.0.0.1:*");
        var mailbox = new Mailbox();
        await using var subscriber = new ZeroRpcSubscriber(mailbox);
        subscriber.Connect(endpoint);
        publisher.Publish("deliver", "news", 2);     // every subscriber connected by now gets it
        #endregion
        // The first events may go before the subscription has reached the publisher: publish until one arrives.
        return await FirstAsync(mailbox, () => publisher.Publish("deliver", "news", 2));
    }

    private static async Task<string> FirstAsync(Mailbox mailbox, Action again)
    {
        await Eventually.True(() =>
        {
            if (!mailbox.Received.IsEmpty)
            {
                return true;
            }
            again();
            return false;
        }, "a published event reached the subscriber");
        return mailbox.Received.TryPeek(out var first) ? first : "nothing arrived";
    }
}
