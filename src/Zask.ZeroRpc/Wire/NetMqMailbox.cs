using System.Net.Sockets;
using System.Reflection;
using NetMQ;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// Finds the descriptor that NetMQ signals when a socket has something to do (ZeroMQ's <c>ZMQ_FD</c>): the receive
/// end of the socket's command mailbox. NetMQ keeps it internal; a poller that watches it directly, instead of the
/// NetMQ socket, never touches the socket itself, so other threads may use the socket under a lock meanwhile.
/// </summary>
internal static class NetMqMailbox
{
    /// <summary>The socket's mailbox descriptor, or <c>null</c> when this NetMQ version hides it elsewhere.</summary>
    public static Socket? Find(NetMQSocket socket)
    {
        try
        {
            var core = NetMqSocketCore.Of(socket);
            var handle = core?.GetType().GetProperty("Handle", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return handle?.GetValue(core) as Socket;
        }
        catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException or AmbiguousMatchException)
        {
            return null;
        }
    }
}
