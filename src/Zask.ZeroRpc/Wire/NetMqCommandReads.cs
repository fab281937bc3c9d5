using System.Runtime.CompilerServices;
using NetMQ;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Tells whether a send may have read the socket's internal commands, and with them the mailbox's signal. On its
/// time-stamp-counter clock NetMQ reads them while sending at most once per its command delay (about a millisecond),
/// and notes the counter each time it does; a send during which that note did not change read nothing. Without the
/// counter, or with a NetMQ version that keeps the note elsewhere, every send may have.
/// </summary>
internal sealed class NetMqCommandReads
{
    private readonly object? _core;

    private NetMqCommandReads(object? core) => _core = core;

    /// <summary>Follows <paramref name="socket"/>'s command reads, when NetMQ's clock and internals allow it.</summary>
    public static NetMqCommandReads For(NetMQSocket socket)
    {
        if (!NetMqTimestampCounter.IsActive)
        {
            // NetMQ's stock clock reads the commands on every send.
            return new NetMqCommandReads(null);
        }
        try
        {
            var core = NetMqSocketCore.Of(socket);
            if (core is not null)
            {
                _ = LastCommandRead(core);
            }
            return new NetMqCommandReads(core);
        }
        catch (Exception ex) when (ex is MissingMemberException or TypeLoadException)
        {
            return new NetMqCommandReads(null);
        }
    }

    /// <summary>A mark to take, under the socket's lock, just before sending.</summary>
    public long Mark() => _core is null ? 0 : LastCommandRead(_core);

    /// <summary>Whether NetMQ may have read the socket's commands since <paramref name="mark"/>.</summary>
    public bool MayHaveReadSince(long mark) => _core is null || LastCommandRead(_core) != mark;

    // NetMQ's SocketBase notes the counter in this field whenever a send's throttled look at the commands goes ahead.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_lastTsc")]
    private static extern ref long LastCommandRead([UnsafeAccessorType("NetMQ.Core.SocketBase, NetMQ")] object socket);
}
