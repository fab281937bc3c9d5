using System.Buffers;
using BenchmarkDotNet.Attributes;
using MessagePack;
using Zask.ZeroRpc.Serialization;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>
/// The CPU work a server must do for one <c>hello</c>, with public pieces only: decode the request, look the
/// method up, read the argument, call the method, encode the reply. This is the floor of the real dispatch, which
/// <see cref="DispatchBenchmarks"/> measures; the gap between this and the loopback call is what threads and the
/// transport cost.
/// </summary>
[MemoryDiagnoser]
public class ServerWorkBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly LoopbackService _service = new();
    private readonly IReadOnlyDictionary<string, MethodDescriptor> _methods = ServiceDescriptor.For(typeof(LoopbackService)).Methods;
    private Func<LoopbackService, string, string> _hello = null!;

    [GlobalSetup]
    public void Setup() =>
        _hello = _methods[HelloMessages.Method].Method.CreateDelegate<Func<LoopbackService, string, string>>();

    [Benchmark(Description = "Server work for hello (no sockets, no dispatch)")]
    public int HandleHello()
    {
        var request = EventCodec.Decode(HelloMessages.Request);
        var method = _methods[request.Name];
        var reader = new MessagePackReader(request.Args);
        reader.ReadArrayHeader();
        var name = (string)MessagePackSerializer.Deserialize(method.Parameters[0].Type, ref reader, ZeroRpcSerializer.Options)!;
        var result = _hello(_service, name);
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        EventCodec.WriteHeader(ref writer, MessageIdGenerator.Next(), request.Header.MessageId, null);
        writer.Write(EventNames.Ok);
        writer.WriteArrayHeader(1);
        MessagePackSerializer.Serialize(typeof(string), ref writer, result, ZeroRpcSerializer.Options);
        writer.Flush();
        return _buffer.WrittenCount;
    }
}
