using NetMQ;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A server that is a bare ROUTER: the test takes each request and answers it when it chooses.</summary>
internal static class RawServer
{
    /// <summary>Waits for the next request on a bare ROUTER (skipping heartbeats) and returns its frames.</summary>
    public static List<byte[]> ReceiveRequest(RouterSocket server)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            server.TryReceiveMultipartBytes(TimeSpan.FromSeconds(30), ref frames).Should().BeTrue("the client sends its request");
            if (EventCodec.Decode(frames[^1]).Name != EventNames.Heartbeat)
            {
                return frames;
            }
        }
    }

    /// <summary>The method a request received by <see cref="ReceiveRequest"/> calls.</summary>
    public static string Method(List<byte[]> request) => EventCodec.Decode(request[^1]).Name;

    /// <summary>Answers a request received by a bare ROUTER with <c>OK [value]</c>.</summary>
    public static void Reply(RouterSocket server, List<byte[]> request, string value)
    {
        var id = EventCodec.Decode(request[^1]).Header.MessageId;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, MessageIdGenerator.Next(), id, null);
        writer.Write(EventNames.Ok);
        writer.WriteArrayHeader(1);
        writer.Write(value);
        writer.Flush();
        var message = new NetMQMessage();
        foreach (var frame in request.Take(request.Count - 1))
        {
            message.Append(frame);
        }
        message.Append(buffer.WrittenSpan.ToArray());
        server.SendMultipartMessage(message);
    }
}
