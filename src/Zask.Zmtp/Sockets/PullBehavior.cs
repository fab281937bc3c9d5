namespace Zask.Zmtp.Sockets;

/// <summary>PULL: receives from every PUSH peer, fair-queued by arrival; cannot send.</summary>
internal sealed class PullBehavior : SocketBehavior
{
    public PullBehavior(ZmtpSocket socket)
        : base(socket)
    {
    }

    public override string WireName => "PULL";

    public override bool CanSend => false;

    protected override string[] CompatibleTypes => ["PUSH"];

    public override bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite) =>
        throw new NotSupportedException("a PULL socket cannot send");
}
