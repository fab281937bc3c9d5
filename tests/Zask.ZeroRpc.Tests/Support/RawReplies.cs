using NetMQ;
using NetMQ.Sockets;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>Reads what a server sent to a raw DEALER.</summary>
internal static class RawReplies
{
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
