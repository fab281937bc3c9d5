using System.Globalization;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Middleware;

/// <summary>
/// Writes one line per call to the access log, as the original does:
/// <c>ACCESS_KEY - [TIMESTAMP] - "Class" - "method" - OK|ERROR - N ms</c>, the time in UTC (marked <c>Z</c>) and <c>None</c> when the
/// caller sent no key. Refused calls and calls whose caller was lost are logged as <c>ERROR</c>.
/// </summary>
public sealed class AccessLogMiddleware : IZeroRpcMiddleware
{
    private readonly AccessLog _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the middleware writing to <paramref name="log"/>.</summary>
    public AccessLogMiddleware(AccessLog log, TimeProvider? time = null)
    {
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public void ServerCallEnded(ServerCallContext call) => _log.Write(Format(call, _time.GetUtcNow()));

    /// <summary>Formats the access line of a finished call.</summary>
    public static string Format(ServerCallContext call, DateTimeOffset utcNow)
    {
        var key = call.Header.GetContextString(CustomHeaderMiddleware.AccessKeyKey) ?? "None";
        var status = call.Exception is null && !call.IsCancelled ? "OK" : "ERROR";
        var className = call.Server.Instance.GetType().Name;
        // Formatted straight into the line: no string per field on the path of every call.
        return string.Create(CultureInfo.InvariantCulture,
            $"{key} - [{utcNow.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z] - \"{className}\" - \"{call.MethodName}\" - {status} - {call.Elapsed.TotalMilliseconds:0} ms");
    }
}
