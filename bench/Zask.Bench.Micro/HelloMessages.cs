using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>The wire blobs of one <c>hello("bench")</c> call, built once with the library's own encoder.</summary>
public static class HelloMessages
{
    public const string Method = "hello";
    public const string Argument = "bench";
    public const string Result = "Hello, bench!";

    /// <summary>The request a Zask client sends: header {message_id, v}, "hello", ["bench"].</summary>
    public static byte[] Request { get; } = Build(MessageIdGenerator.Next(), null, Method, static (ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(1);
        w.Write(Argument);
    });

    /// <summary>The reply a Zask server sends: header {message_id, v, response_to}, "OK", ["Hello, bench!"].</summary>
    public static byte[] Reply { get; } = Build(MessageIdGenerator.Next(), MessageIdGenerator.Next(), EventNames.Ok, static (ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(1);
        w.Write(Result);
    });

    private static byte[] Build(MessageId id, MessageId? responseTo, string name, MessageBody args)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, id, responseTo, null);
        writer.Write(name);
        args(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
