using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Zask.Zmtp.Transports;

/// <summary>
/// Two connected stream sockets with no address anywhere (POSIX <c>socketpair(AF_UNIX, SOCK_STREAM)</c>): bytes
/// go from one to the other through kernel buffers, never through a port or a file, and only this process holds them.
/// </summary>
internal static unsafe partial class SocketPair
{
    private const int AfUnix = 1;
    private const int SockStream = 1;

    // Linux's SOCK_CLOEXEC: a child process the app starts must not inherit the ends.
    private const int SockCloexec = 0x80000;

    public static (Socket First, Socket Second) Create()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("inproc:// endpoints need socketpair(), which Windows lacks");
        }
        var fds = stackalloc int[2];
        var type = OperatingSystem.IsLinux() ? SockStream | SockCloexec : SockStream;
        if (socketpair(AfUnix, type, 0, fds) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
        Socket? first = null;
        try
        {
            first = new Socket(new SafeSocketHandle(fds[0], ownsHandle: true));
            var second = new Socket(new SafeSocketHandle(fds[1], ownsHandle: true));
            return (first, second);
        }
        catch
        {
            if (first is null)
            {
                close(fds[0]);
            }
            else
            {
                first.Dispose();
            }
            close(fds[1]);
            throw;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
