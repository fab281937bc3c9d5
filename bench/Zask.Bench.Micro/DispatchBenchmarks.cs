using BenchmarkDotNet.Attributes;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;
using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>
/// The server's real dispatch of one <c>hello("bench")</c> request, from the received message to the encoded reply
/// handed to the socket (decode, routing, the call, binding, the method, encoding), on the thread that delivers it
/// as the I/O thread would, without NetMQ: what the server allocates per call beyond the transport's own buffers.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    // A ROUTER hands the server the peer's identity frame; the server answers through it.
    private static readonly byte[][] Envelope = [[0, 0x6b, 0x8b, 0x45, 0x67]];
    private ZeroRpcServer _plain = null!;
    private ZeroRpcServer _withMiddleware = null!;
    private ReplyKeepingSocket _plainSocket = null!;
    private ReplyKeepingSocket _middlewareSocket = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_plain, _plainSocket) = Serve(new ZeroRpcServerOptions { Dispatch = CallDispatch.Inline });
        (_withMiddleware, _middlewareSocket) = Serve(new ZeroRpcServerOptions
        {
            Dispatch = CallDispatch.Inline,
            Context = new ZeroRpcContext(new NoOpMiddleware()),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _withMiddleware.Dispose();
    }

    [Benchmark(Description = "Dispatch hello on the I/O thread (no channel)")]
    public int DispatchHello() => Dispatch(_plainSocket);

    [Benchmark(Description = "Dispatch hello on the I/O thread, one middleware (no channel either: it opens only if the call waits)")]
    public int DispatchHelloWithMiddleware() => Dispatch(_middlewareSocket);

    private static int Dispatch(ReplyKeepingSocket socket)
    {
        // The same request every time: the server neither modifies nor keeps the blob once the call is answered.
        socket.Deliver(new IncomingMessage(Envelope, HelloMessages.Request));
        return socket.LastReplyLength;
    }

    private static (ZeroRpcServer, ReplyKeepingSocket) Serve(ZeroRpcServerOptions options)
    {
        ReplyKeepingSocket? socket = null;
        var server = new ZeroRpcServer(new LoopbackService(), options, receive => socket = new ReplyKeepingSocket(receive));
        server.Bind("tcp://127.0.0.1:0");
        socket!.KeepNextReply = true;
        Dispatch(socket);
        var reply = socket.KeptReply is { } kept ? EventCodec.Decode(kept) : null;
        if (reply?.Name != EventNames.Ok)
        {
            throw new InvalidOperationException($"the server answered the hello request with {reply?.ToString() ?? "nothing"}");
        }
        return (server, socket);
    }

    /// <summary>A middleware with every hook left as is: it only makes the server take the general path.</summary>
    private sealed class NoOpMiddleware : IZeroRpcMiddleware
    {
    }
}
