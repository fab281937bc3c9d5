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

    /// <summary>Detaches and disposes a monitor once the shared poller no longer uses its socket.</summary>
    public static void Release(NetMQMonitor monitor)
    {
        monitor.DetachFromPoller();
        // The poller only queues the removal; a task queued after it runs once the socket is out of the poll set.
        var removed = new Task(static () => { });
        removed.Start(Poller.Value);
        removed.Wait();
        monitor.Dispose();
    }
}
