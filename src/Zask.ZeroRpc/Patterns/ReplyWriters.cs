using MessagePack;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Patterns;

/// <summary>The argument shapes of the RPC events, written straight into the outgoing buffer.</summary>
internal static class ReplyWriters
{
    /// <summary><c>OK</c>: the result wrapped in a one-element array.</summary>
    public static readonly ArgsWriter<TypedValue> Wrapped = static (ref MessagePackWriter writer, TypedValue value) =>
    {
        writer.WriteArrayHeader(1);
        MessagePackSerializer.Serialize(value.Type, ref writer, value.Value, ZeroRpcSerializer.Options);
    };

    /// <summary><c>STREAM</c>: the item itself, not wrapped.</summary>
    public static readonly ArgsWriter<TypedValue> Bare = static (ref MessagePackWriter writer, TypedValue value) =>
        MessagePackSerializer.Serialize(value.Type, ref writer, value.Value, ZeroRpcSerializer.Options);

    /// <summary><c>STREAM_DONE</c>: nil, as zerorpc-python sends it.</summary>
    public static readonly ArgsWriter<int> Nil = static (ref MessagePackWriter writer, int _) => writer.WriteNil();

    /// <summary><c>ERR</c>: exactly three strings (only the traceback may be nil), or a Node client hangs.</summary>
    public static readonly ArgsWriter<RemoteErrorInfo> Error = static (ref MessagePackWriter writer, RemoteErrorInfo error) =>
    {
        writer.WriteArrayHeader(3);
        writer.Write(error.Name);
        writer.Write(error.Message);
        writer.Write(error.Traceback);
    };

    /// <summary>A request: the positional arguments as an array, each written as its runtime type.</summary>
    public static readonly ArgsWriter<object?[]> Arguments = static (ref MessagePackWriter writer, object?[] args) =>
    {
        writer.WriteArrayHeader(args.Length);
        foreach (var arg in args)
        {
            MessagePackSerializer.Serialize(ref writer, arg, ZeroRpcSerializer.Options);
        }
    };
}
