using System.Globalization;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Writes one line per call to the access log, as the original does:
/// <c>ACCESS_KEY - [TIMESTAMP] - "Class" - "method" - OK|ERROR - N ms</c>, the time in UTC (marked <c>Z</c>) and <c>None</c> when the
/// caller sent no key. Refused calls and calls whose caller was lost are logged as <c>ERROR</c>. A refused key is
/// written as a short prefix, its length and a SHA-256 fingerprint; a key over 64 characters is cut.
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
        var key = KeyField(call);
        var status = call.Exception is null && !call.IsCancelled ? "OK" : "ERROR";
        var className = call.ServiceType.Name;
        // Formatted straight into the line: no string per field on the path of every call.
        return string.Create(CultureInfo.InvariantCulture,
            $"{key} - [{utcNow.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z] - \"{className}\" - \"{call.MethodName}\" - {status} - {call.Elapsed.TotalMilliseconds:0} ms");
    }

    // The key as the caller sent it, unless it was refused (then only a prefix and a fingerprint: a refused key may be
    // a real key sent to the wrong service), or is not a plain short string (a hostile caller's list or 400 KB blob).
    private static string KeyField(ServerCallContext call)
    {
        if (!call.Header.Context.TryGetValue(CustomHeaderMiddleware.AccessKeyKey, out var sent) || sent is null)
        {
            return "None";
        }
        if (call.Exception is ZeroRpcException { Name: "NoSuchAccessKey" })
        {
            return SafeText.Secret(sent);
        }
        return sent is string text && text.Length <= SafeText.MaxShown && !text.Any(char.IsControl) ? text : SafeText.Value(sent);
    }
}
