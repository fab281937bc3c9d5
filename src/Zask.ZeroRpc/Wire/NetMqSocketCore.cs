using System.Reflection;
using NetMQ;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// The engine object behind a <see cref="NetMQSocket"/> (NetMQ's internal <c>SocketBase</c>), which holds what Zask
/// reads of a socket's internals: its mailbox descriptor and its note of the last command read.
/// </summary>
internal static class NetMqSocketCore
{
    private static readonly PropertyInfo? SocketHandle =
        typeof(NetMQSocket).GetProperty("SocketHandle", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The socket's engine object, or <c>null</c> when this NetMQ version keeps it elsewhere.</summary>
    public static object? Of(NetMQSocket socket)
    {
        try
        {
            return SocketHandle?.GetValue(socket);
        }
        catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException)
        {
            return null;
        }
    }
}
