using Microsoft.Extensions.Logging;

namespace Zask.Registry.Etcd.Internal;

/// <summary>
/// Logs the loss of etcd once and its recovery once, however many attempts fail in between, so an outage is two log
/// lines and not a flood.
/// </summary>
internal sealed class OutageLog(ILogger logger, string what)
{
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Lost(Exception error)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            RegistryLog.Unreachable(logger, what, error.Message);
        }
    }

    public void Recovered()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            RegistryLog.Reachable(logger, what);
        }
    }
}
