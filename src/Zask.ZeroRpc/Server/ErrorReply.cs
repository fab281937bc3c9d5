using Microsoft.Extensions.Logging;
using Zask.ZeroRpc.Patterns;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// What a failed call answers (the three strings of <c>ERR</c>) and how the server logs it: a call refused because
/// of its caller is one warning line, a method that threw is an error with its stack.
/// </summary>
internal static class ErrorReply
{
    /// <summary>
    /// The <c>ERR</c> for <paramref name="exception"/>, logged. <paramref name="refused"/> says the call was turned
    /// down before its method ran: an unknown method, a middleware's refusal, arguments that do not bind.
    /// </summary>
    public static RemoteErrorInfo DescribeAndLog(Exception exception, string methodName, bool refused,
        bool includeStackTrace, ILogger logger)
    {
        var error = Describe(exception, includeStackTrace);
        if (IsRefusal(exception, refused))
        {
            // The caller's mistake, not the server's: nothing to debug here, so no stack, and one line even when the
            // caller put line breaks in the method name (which the message of a NameError repeats).
            CallLog.Refused(logger, OneLine(methodName), OneLine(error.Name), OneLine(error.Message));
        }
        else
        {
            CallLog.Failed(logger, exception, methodName, error.Name, error.Message);
        }
        return error;
    }

    /// <summary>
    /// Whether a failure is a refusal: a named error (<see cref="ZeroRpcException"/>) raised before the method ran.
    /// Anything else that early (a middleware that crashed) is the server's own fault.
    /// </summary>
    public static bool IsRefusal(Exception exception, bool beforeMethod) => beforeMethod && exception is ZeroRpcException;

    /// <summary>
    /// The three strings of <c>ERR</c>. Without <paramref name="includeStackTrace"/> the traceback is only
    /// <c>Name: message</c>: zerorpc clients print that field, and stack frames would show them the server's code and
    /// file paths.
    /// </summary>
    public static RemoteErrorInfo Describe(Exception exception, bool includeStackTrace)
    {
        var name = exception switch
        {
            ZeroRpcException named => named.Name,
            RemoteException remote => remote.Name,
            _ => exception.GetType().Name,
        };
        var traceback = includeStackTrace ? exception.ToString() : $"{name}: {exception.Message}";
        return new RemoteErrorInfo(name, exception.Message, traceback);
    }

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            : text;
}
