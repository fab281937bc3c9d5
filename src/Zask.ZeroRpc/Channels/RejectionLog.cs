using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Channels;

/// <summary>
/// Reports malformed messages: each one once, with its reason, and without flooding the log when a broken or
/// hostile peer sends thousands (at most one warning a second, which says how many were rejected since).
/// </summary>
internal sealed class RejectionLog
{
    private readonly ILogger _logger;
    private long _count;
    private long _lastWarningMs = long.MinValue;
    private long _countAtLastWarning;

    public RejectionLog(ILogger logger) => _logger = logger;

    public long Count => Interlocked.Read(ref _count);

    public void Report(string reason, int size)
    {
        var total = Interlocked.Increment(ref _count);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarningMs);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastWarningMs, now, last) == last)
        {
            var since = total - Interlocked.Exchange(ref _countAtLastWarning, total);
            ChannelLog.RejectedReport(_logger, size, reason, since);
        }
        else
        {
            ChannelLog.Rejected(_logger, size, reason);
        }
    }
}
