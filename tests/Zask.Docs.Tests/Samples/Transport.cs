using Zask.Zmtp;

namespace DocsSamples;

public static class Transport
{
    public static async Task<string> EchoAsync()
    {
        #region docs:transport-echo
        using var server = new ZmtpSocket(ZmtpSocketType.Router);
        server.ReceiveHandler = message => server.Send(message);   // echo, on the read completion
        var endpoint = server.Bind("tcp://127.0.0.1:*");           // e.g. tcp://127.0.0.1:41234

        using var client = new ZmtpSocket(ZmtpSocketType.Dealer);
        client.Connect(endpoint);
        client.Send(Array.Empty<byte>(), "hello"u8.ToArray());     // [delimiter, body], as ZeroRPC frames it
        var reply = await client.ReceiveAsync();
        Console.WriteLine(reply.GetString(1));                     // hello
        #endregion
        return reply.GetString(1);
    }

    public static async Task<string> PublishAsync()
    {
        #region docs:transport-pubsub
        using var publisher = new ZmtpSocket(ZmtpSocketType.Pub);
        var endpoint = publisher.Bind("ipc:///tmp/zask-docs-news.sock");

        using var subscriber = new ZmtpSocket(ZmtpSocketType.Sub, new ZmtpSocketOptions
        {
            ReconnectIntervalMax = TimeSpan.FromSeconds(2),        // a restarted publisher is found within 2 s
        });
        subscriber.Subscribe("news.");                             // a prefix; filtered at the publisher
        subscriber.Connect(endpoint);
        subscriber.ConnectionEvent += (_, e) => Console.WriteLine($"{e.Kind} {e.Endpoint} {e.Reason}");
        #endregion
        // What is published before the subscription reaches the publisher is dropped: publish until one arrives.
        var receiving = subscriber.ReceiveAsync().AsTask();
        await Eventually.True(() =>
        {
            if (receiving.IsCompleted)
            {
                return true;
            }
            publisher.Send("sport.1"u8.ToArray());
            publisher.Send("news.1"u8.ToArray());
            return false;
        }, "a published message reached the subscriber");
        return (await receiving).GetString(0);
    }
}
