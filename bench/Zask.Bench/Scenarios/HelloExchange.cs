using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Scenarios;

/// <summary>
/// ZeroRPC spoken by hand: a <c>hello("bench")</c> request whose message id starts with the send timestamp, and its
/// <c>OK</c> reply, whose <c>response_to</c> gives the timestamp back. No Zask client is involved.
/// </summary>
internal sealed class HelloExchange : IRawExchange
{
    private readonly ArrayBufferWriter<byte> _buffer = new(128);
    private readonly List<byte[]> _frames = new(2);
    private long _sequence;

    public void Send(DealerSocket dealer, long timestamp)
    {
        // 16 bytes as zerorpc's own ids: the timestamp, then a sequence number that keeps ids unique.
        var id = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(id, timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(id.AsSpan(8), _sequence++);
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        EventCodec.WriteHeader(ref writer, new MessageId(id, isBinary: true), null, null);
        writer.Write("hello");
        writer.WriteArrayHeader(1);
        writer.Write(ZaskScenarios.Name);
        writer.Flush();
        dealer.SendMoreFrameEmpty().SendFrame(_buffer.WrittenSpan.ToArray());
    }

    public long? Receive(DealerSocket dealer, TimeSpan timeout)
    {
        _frames.Clear();
        var frames = _frames;
        if (!dealer.TryReceiveMultipartBytes(timeout, ref frames))
        {
            return null;
        }
        var reply = EventCodec.Decode(frames[^1]);
        if (reply.Name != EventNames.Ok || reply.Header.ResponseTo is not { } request)
        {
            throw new InvalidOperationException($"the server answered hello with {reply}");
        }
        return BinaryPrimitives.ReadInt64LittleEndian(request.Bytes);
    }
}
