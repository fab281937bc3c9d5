namespace Zask.Zmtp.Sockets;

using Zask.Zmtp.Internal;

/// <summary>
/// DEALER and PUSH: each message goes whole to the next pipe in turn that has room, connected or still connecting
/// (libzmq's default, so messages queue while a connect is pending); a socket with no such pipe is mute.
/// </summary>
internal sealed class LoadBalancingBehavior : SocketBehavior
{
    private readonly bool _canReceive;
    private readonly string[] _compatible;
    private int _next;

    public LoadBalancingBehavior(ZmtpSocket socket, string wireName, bool canReceive, string[] compatible)
        : base(socket)
    {
        WireName = wireName;
        _canReceive = canReceive;
        _compatible = compatible;
    }

    public override string WireName { get; }

    public override bool CanReceive => _canReceive;

    public override bool BlocksWhenMute => true;

    public override bool SendsIdentity => WireName == "DEALER";

    protected override string[] CompatibleTypes => _compatible;

    public override bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite)
    {
        var pipes = Socket.Pipes;
        var count = pipes.Length;
        if (count == 0)
        {
            return false;
        }
        var start = (int)((uint)Volatile.Read(ref _next) % (uint)count);
        for (var i = 0; i < count; i++)
        {
            var index = (start + i) % count;
            if (pipes[index].TrySend(frames, deferWrite))
            {
                Volatile.Write(ref _next, index + 1);
                return true;
            }
        }
        return false;
    }
}
