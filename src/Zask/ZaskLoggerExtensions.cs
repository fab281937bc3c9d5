using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Zask;

/// <summary>
/// Logging helpers that record where they were called from. <see cref="ILogger"/> has no caller-info parameters, so
/// the compiler-supplied file, line and member are attached as the <c>SourceLocation</c> property (shown in the
/// error log) through a logging scope.
/// </summary>
public static class ZaskLoggerExtensions
{
    /// <summary>Logs an error with the calling file, line and member as its source location.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The error, if any; its type, message and stack trace are written.</param>
    /// <param name="message">The text to log (written as-is, not parsed as a message template).</param>
    /// <param name="member">Filled in by the compiler.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    public static void LogErrorAt(
        this ILogger logger,
        Exception? exception,
        string message,
        [CallerMemberName] string member = "",
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var location = $"{Path.GetFileName(file)}:{line} in {member}";
        using (logger.BeginScope(new Dictionary<string, object> { [SourceLocationProperty] = location }))
        {
            logger.LogError(exception, "{Text}", message);
        }
    }

    private const string SourceLocationProperty = "SourceLocation";
}
