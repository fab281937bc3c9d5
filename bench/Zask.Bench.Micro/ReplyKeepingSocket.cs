using Zask.ZeroRpc.Wire;

namespace Zask.Bench.Micro;

/// <summary>
/// A transport without NetMQ: hands the server each message on the calling thread, as its I/O thread would, and
/// keeps only the length of the last reply (the reply's pooled buffer goes back at once, as after a real send).
/// </summary>
internal sealed class ReplyKeepingSocket : ITransportSocket
{
    private readonly Action<IncomingMessage> _onReceive;

    public ReplyKeepingSocket(Action<IncomingMessage> onReceive) => _onReceive = onReceive;

    public SocketKind Kind => SocketKind.Router;

    /// <summary>The length of the last message the server sent.</summary>
    public int LastReplyLength { get; private set; }

    /// <summary>When set, the next message sent is copied into <see cref="KeptReply"/> (to check it, not to measure).</summary>
    public bool KeepNextReply { get; set; }

    /// <summary>The copy asked for with <see cref="KeepNextReply"/>.</summary>
    public byte[]? KeptReply { get; private set; }

    public event Action? PeerDisconnected { add { } remove { } }

    public event Action? PeerConnected { add { } remove { } }

    /// <summary>Delivers one message to the server, which serves it before this returns when it runs inline.</summary>
    public void Deliver(IncomingMessage message) => _onReceive(message);

    public string Bind(string endpoint) => endpoint;

    public void Connect(string endpoint)
    {
    }

    public void Disconnect(string endpoint)
    {
    }

    public void Send(OutgoingMessage message)
    {
        LastReplyLength = message.Length;
        if (KeepNextReply)
        {
            KeptReply = message.Blob.ToArray();
            KeepNextReply = false;
        }
        message.Release();
    }

    // No timers: heartbeats would only add noise to a measure of one call.
    public void AddTimer(TimeSpan interval, Action tick)
    {
    }

    public void Invoke(Action action) => action();

    public void Dispose()
    {
    }
}
