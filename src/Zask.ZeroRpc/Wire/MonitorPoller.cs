using NetMQ;
using NetMQ.Monitoring;

namespace Zask.ZeroRpc.Wire;

/// <summary>
/// One poller thread, shared by the process, that reads the connection events of every monitored socket. In a
/// socket's own poll set, the monitor's socket would cost two system calls at every wake-up of the socket's I/O
/// thread, that is on every call, for events that come once in a while (and whose handlers are thread-safe).
/// </summary>
internal static class MonitorPoller
{
    private static readonly Lazy<NetMQPoller> Poller = new(() =>
    {
        var poller = new NetMQPoller();
        poller.RunAsync("zask-monitor", isBackgroundThread: true);
        return poller;
    });

    public static void Attach(NetMQMonitor monitor) => monitor.AttachToPoller(Poller.Value);

    /// <summary>
    /// Detaches and disposes a monitor on the shared poller's thread, between two of its waits, so that its socket
    /// leaves the poll set before it is disposed. The caller does not wait: a socket's disposal must not block a
    /// pool thread on another thread's queue (NetMQ's own socket completions need pool threads).
    /// </summary>
    public static void Release(NetMQMonitor monitor) =>
        new Task(static state =>
        {
            var released = (NetMQMonitor)state!;
            released.DetachFromPoller();
            released.Dispose();
        }, monitor).Start(Poller.Value);
}
