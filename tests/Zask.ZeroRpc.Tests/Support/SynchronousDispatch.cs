using System.Buffers;
using MessagePack;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>
/// A server whose transport hands it each request on the calling thread and keeps the replies: a call run inline is
/// then served whole before <see cref="Call"/> returns, so what it allocates is what this thread allocated.
/// </summary>
internal sealed class SynchronousDispatch : IDisposable
{
    // A ROUTER hands the server the peer's routing id; the server answers through it.
    private static readonly byte[][] Envelope = [[0, 0x6b, 0x8b, 0x45, 0x67]];
    private readonly CapturingSocket _socket;

    public SynchronousDispatch(object service, ZeroRpcServerOptions options)
    {
        CapturingSocket? socket = null;
        Server = new ZeroRpcServer(service, options, receive => socket = new CapturingSocket(receive));
        Server.Bind("tcp://127.0.0.1:0");
        _socket = socket!;
    }

    public ZeroRpcServer Server { get; }

    /// <summary>Replies sent so far.</summary>
    public int Replies => _socket.Sent;

    /// <summary>The first reply, decoded.</summary>
    public Event? FirstReply => _socket.First is { } first ? EventCodec.Decode(first) : null;

    /// <summary>Builds a request for a method taking one string.</summary>
    public static byte[] Request(string method, string argument)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        EventCodec.WriteHeader(ref writer, MessageIdGenerator.Next(), null, null);
        writer.Write(method);
        writer.WriteArrayHeader(1);
        writer.Write(argument);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Delivers one request; an inline call is answered before this returns.</summary>
    public void Call(byte[] request) => _socket.Deliver(new IncomingMessage(Envelope, request));

    /// <summary>
    /// Bytes this thread allocates per call of <paramref name="request"/>, after a warm-up (caches filled, the JIT
    /// tiered). The same request every time: the server neither modifies nor keeps it once the call is answered.
    /// </summary>
    public double BytesPerCall(byte[] request, int calls = 20_000)
    {
        for (var i = 0; i < 5_000; i++)
        {
            Call(request);
        }
        var replies = Replies;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            Call(request);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (Replies - replies != calls)
        {
            throw new InvalidOperationException($"{Replies - replies} of {calls} calls were answered on the calling thread: the probe needs inline calls");
        }
        return (double)allocated / calls;
    }

    public void Dispose() => Server.Dispose();

    private sealed class CapturingSocket(Action<IncomingMessage> onReceive) : ITransportSocket
    {
        public SocketKind Kind => SocketKind.Router;

        public int Sent { get; private set; }

        public byte[]? First { get; private set; }

        public event Action? PeerDisconnected { add { } remove { } }

        public event Action? PeerConnected { add { } remove { } }

        public void Deliver(IncomingMessage message) => onReceive(message);

        public string Bind(string endpoint) => endpoint;

        public void Connect(string endpoint)
        {
        }

        public void Disconnect(string endpoint)
        {
        }

        public void Send(OutgoingMessage message)
        {
            Sent++;
            // Only the first reply is kept whole; later ones are counted (copying them would count as allocation).
            First ??= message.Blob.ToArray();
            message.Release();
        }

        // No timers: heartbeats would only add noise to a measure of calls.
        public void AddTimer(TimeSpan interval, Action tick)
        {
        }

        public void Invoke(Action action) => action();

        public void Dispose()
        {
        }
    }
}
