using Microsoft.Extensions.Logging;

namespace Zask.Data;

/// <summary>The data layer's log lines, as source-generated methods.</summary>
internal static partial class DataLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "SQL ({Elapsed:0.0} ms) [{Bind}]: {Sql}")]
    public static partial void SqlExecuted(ILogger logger, double elapsed, string bind, string sql);
}
