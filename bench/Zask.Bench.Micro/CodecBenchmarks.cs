using System.Buffers;
using BenchmarkDotNet.Attributes;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>
/// The wire codec on one <c>hello</c> call's events: decoding (validation + header + name + args slice) and encoding
/// (header + name + args through <see cref="MessagePackWriter"/> into a reused buffer, as the multiplexer does).
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly MessageId _id = MessageIdGenerator.Next();
    private readonly MessageId _responseTo = MessageIdGenerator.Next();

    [Benchmark(Description = "Decode hello request")]
    public object DecodeRequest() => EventCodec.Decode(HelloMessages.Request);

    [Benchmark(Description = "Decode OK reply")]
    public object DecodeReply() => EventCodec.Decode(HelloMessages.Reply);

    [Benchmark(Description = "Encode hello request (fixed id)")]
    public int EncodeRequest() => Encode(_id, null, HelloMessages.Method, HelloMessages.Argument);

    [Benchmark(Description = "Encode hello request (fresh id)")]
    public int EncodeRequestFreshId() => Encode(MessageIdGenerator.Next(), null, HelloMessages.Method, HelloMessages.Argument);

    [Benchmark(Description = "Encode OK reply (fresh id)")]
    public int EncodeReply() => Encode(MessageIdGenerator.Next(), _responseTo, EventNames.Ok, HelloMessages.Result);

    [Benchmark(Description = "MessageIdGenerator.Next")]
    public int NewId() => MessageIdGenerator.Next().GetHashCode();

    private int Encode(MessageId id, MessageId? responseTo, string name, string value)
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        EventCodec.WriteHeader(ref writer, id, responseTo, null);
        writer.Write(name);
        writer.WriteArrayHeader(1);
        writer.Write(value);
        writer.Flush();
        return _buffer.WrittenCount;
    }
}
