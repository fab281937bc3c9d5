using System.Buffers;
using MessagePack;

namespace Zask.Reliability.Tests.Fuzz;

/// <summary>
/// Builds zerorpc events byte by byte, valid or deliberately broken, for a raw DEALER to send: the client library
/// would refuse to produce most of these.
/// </summary>
public static class RawEvent
{
    private static long s_nextId;

    /// <summary>A fresh 16-byte bin message id.</summary>
    public static byte[] NewId()
    {
        var id = new byte[16];
        BitConverter.TryWriteBytes(id, Interlocked.Increment(ref s_nextId));
        BitConverter.TryWriteBytes(id.AsSpan(8), Environment.ProcessId);
        return id;
    }

    /// <summary>Writes values in sequence into one blob.</summary>
    public static byte[] Write(params WriteValue[] parts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        foreach (var part in parts)
        {
            part(ref writer);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A well-formed request [ {message_id, v: 3}, name, args ].</summary>
    public static byte[] Request(string name, WriteValue args) => Request(NewId(), name, args);

    public static byte[] Request(byte[] id, string name, WriteValue args) =>
        Write((ref MessagePackWriter w) => w.WriteArrayHeader(3), Header(id), (ref MessagePackWriter w) => w.Write(name), args);

    /// <summary>A well-formed event on a channel that was never opened (a late reply or heartbeat).</summary>
    public static byte[] OnUnknownChannel(string name) =>
        Write((ref MessagePackWriter w) => w.WriteArrayHeader(3),
            (ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("message_id");
                w.Write(NewId());
                w.Write("v");
                w.Write(3);
                w.Write("response_to");
                w.Write(NewId());
            },
            (ref MessagePackWriter w) => w.Write(name),
            (ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(1);
                w.Write(0);
            });

    /// <summary>The header map {message_id: id, v: 3}.</summary>
    public static WriteValue Header(byte[] id) => (ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(2);
        w.Write("message_id");
        w.Write(id);
        w.Write("v");
        w.Write(3);
    };

    /// <summary>Args [value].</summary>
    public static WriteValue Args(WriteValue value) => (ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(1);
        value(ref w);
    };

    /// <summary>A value nested <paramref name="depth"/> arrays deep: [[[...nil...]]].</summary>
    public static WriteValue Nested(int depth) => (ref MessagePackWriter w) =>
    {
        for (var i = 0; i < depth; i++)
        {
            w.WriteArrayHeader(1);
        }
        w.WriteNil();
    };

    /// <summary>Raw bytes written as they are, for headers that lie about their length.</summary>
    public static WriteValue Raw(params byte[] bytes) => (ref MessagePackWriter w) => w.WriteRaw(bytes);
}
