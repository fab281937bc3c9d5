using System.Buffers.Binary;
using System.Collections.Concurrent;
using Zask.Zmtp.Internal;

namespace Zask.Zmtp.Sockets;

/// <summary>
/// ROUTER: every attached peer has a routing id (its Identity, or a generated 5-byte id starting with 0); received
/// messages start with it and sent messages name their peer with it. A message to an unknown or full peer is
/// dropped; a second peer with an Identity already in use is refused.
/// </summary>
internal sealed class RouterBehavior : SocketBehavior
{
    private readonly ConcurrentDictionary<byte[], Pipe> _routes = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Pipe>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private uint _nextId = (uint)Random.Shared.Next();

    public RouterBehavior(ZmtpSocket socket)
        : base(socket)
    {
        _lookup = _routes.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override string WireName => "ROUTER";

    public override bool SendsIdentity => true;

    public override bool PrefixesRoutingId => true;

    protected override string[] CompatibleTypes => ["REQ", "DEALER", "ROUTER"];

    public override bool TrySend(ReadOnlySpan<ReadOnlyMemory<byte>> frames, bool deferWrite)
    {
        if (frames.Length < 2)
        {
            throw new ArgumentException("a ROUTER message starts with the routing id frame, followed by at least one frame", nameof(frames));
        }
        return _lookup.TryGetValue(frames[0].Span, out var pipe) && pipe.TrySend(frames[1..], deferWrite);
    }

    public override bool OnAttaching(Pipe pipe, byte[]? peerIdentity)
    {
        if (peerIdentity is { Length: > 0 })
        {
            pipe.RoutingId = peerIdentity;
            return _routes.TryAdd(peerIdentity, pipe);
        }
        while (true)
        {
            var id = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(id.AsSpan(1), Interlocked.Increment(ref _nextId));
            if (_routes.TryAdd(id, pipe))
            {
                pipe.RoutingId = id;
                return true;
            }
        }
    }

    public override void OnDetached(Pipe pipe)
    {
        if (pipe.RoutingId is { } id)
        {
            _routes.TryRemove(new KeyValuePair<byte[], Pipe>(id, pipe));
        }
    }
}
