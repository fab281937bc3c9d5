using NetMQ;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A caller that is a bare DEALER: it sends requests as given and never beats, and reads what comes back.</summary>
internal static class RawCaller
{
    /// <summary>Connects a DEALER to <paramref name="endpoint"/> and sends one request on it (the caller disposes it).</summary>
    public static DealerSocket Call(string endpoint, string method, params object?[] args) =>
        Call(endpoint, MessageIdGenerator.Next(), method, args);

    /// <summary>The same, with the request's message id chosen by the test.</summary>
    public static DealerSocket Call(string endpoint, MessageId id, string method, params object?[] args)
    {
        var dealer = new DealerSocket();
        dealer.Connect(endpoint);
        Send(dealer, id, method, args);
        return dealer;
    }

    /// <summary>Sends one more request on <paramref name="dealer"/>.</summary>
    public static void Send(DealerSocket dealer, MessageId id, string method, params object?[] args) =>
        dealer.SendMoreFrameEmpty().SendFrame(Channels.HeartbeatAndTimeoutTests.Request(id, method, args));

    /// <summary>The next event received that is not a heartbeat (within 30 s).</summary>
    public static Event NextReply(DealerSocket dealer)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            if (!dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(30), ref frames))
            {
                throw new TimeoutException("no reply within 30 s");
            }
            var reply = EventCodec.Decode(frames[^1]);
            if (reply.Name != EventNames.Heartbeat)
            {
                return reply;
            }
        }
    }

    /// <summary>The names of the events received until none came for <paramref name="quiet"/>, heartbeats left out.</summary>
    public static List<string> NamesUntilQuiet(DealerSocket dealer, TimeSpan quiet)
    {
        var names = new List<string>();
        var frames = new List<byte[]>();
        while (dealer.TryReceiveMultipartBytes(quiet, ref frames))
        {
            var reply = EventCodec.Decode(frames[^1]);
            if (reply.Name != EventNames.Heartbeat)
            {
                names.Add(reply.Name);
            }
        }
        return names;
    }
}
