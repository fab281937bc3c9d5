using System.Buffers;
using BenchmarkDotNet.Attributes;
using MessagePack;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>
/// The MessagePack work of one call with <see cref="ZeroRpcSerializer.Options"/>, written the way the library
/// does it: the client writes each argument as its runtime type (<c>object</c>), the server reads it by parameter
/// <see cref="Type"/> and writes the result by its declared <see cref="Type"/>, the client reads the result as T.
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private ReadOnlyMemory<byte> _requestArgs;
    private ReadOnlyMemory<byte> _replyArgs;

    [GlobalSetup]
    public void Setup()
    {
        _requestArgs = EventCodec.Decode(HelloMessages.Request).Args;
        _replyArgs = EventCodec.Decode(HelloMessages.Reply).Args;
    }

    [Benchmark(Description = "Client: write args [object]")]
    public int WriteRequestArgs()
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        object?[] args = [HelloMessages.Argument];
        writer.WriteArrayHeader(args.Length);
        foreach (var arg in args)
        {
            MessagePackSerializer.Serialize(ref writer, arg, ZeroRpcSerializer.Options);
        }
        writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Server: read arg by Type")]
    public object? ReadArgument()
    {
        var reader = new MessagePackReader(_requestArgs);
        reader.ReadArrayHeader();
        return MessagePackSerializer.Deserialize(typeof(string), ref reader, ZeroRpcSerializer.Options);
    }

    [Benchmark(Description = "Server: write result by Type")]
    public int WriteResult()
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        writer.WriteArrayHeader(1);
        MessagePackSerializer.Serialize(typeof(string), ref writer, HelloMessages.Result, ZeroRpcSerializer.Options);
        writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Client: read result as string")]
    public string ReadResult()
    {
        var reader = new MessagePackReader(_replyArgs);
        reader.ReadArrayHeader();
        return MessagePackSerializer.Deserialize<string>(ref reader, ZeroRpcSerializer.Options);
    }
}
