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

    private volatile string? _problem;

    /// <summary>The configuration problem of the last failure (see <see cref="EtcdConnection.ConfigurationProblem"/>), or <c>null</c>.</summary>
    public string? Problem => _problem;

    /// <summary>Records a failure: an outage is logged as a warning, a configuration problem as an error, once each.</summary>
    public void Lost(Exception error, RegistryConfigException? configProblem)
    {
        var problem = configProblem?.Message;
        var before = _problem;
        _problem = problem;
        if (problem is not null)
        {
            Interlocked.Exchange(ref _down, 1);
            if (!string.Equals(before, problem, StringComparison.Ordinal))
            {
                RegistryLog.Refused(logger, what, problem);
            }
        }
        else if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            RegistryLog.Unreachable(logger, what, error.Message);
        }
    }

    public void Recovered()
    {
        _problem = null;
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            RegistryLog.Reachable(logger, what);
        }
    }
}
