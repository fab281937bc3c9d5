using Microsoft.Extensions.Logging;

namespace Zask;

/// <summary>
/// The access log middlewares write to. Each <see cref="Write"/> call produces exactly one line holding only the
/// given text (the caller formats it, e.g. <c>KEY - [TIMESTAMP] - "Class" - "method" - OK - 3 ms</c>). The line goes
/// to the console when <c>DEBUG</c> is true and to the <c>ZERORPC_ACCESS_LOG</c> file otherwise.
/// </summary>
public sealed partial class AccessLog
{
    /// <summary>The logger category of access lines; events of this category are routed to the access log.</summary>
    public const string CategoryName = "zask.access";

    /// <summary>Creates an access log over a logger; use the <see cref="CategoryName"/> category for file routing.</summary>
    /// <param name="logger">The logger lines are written to.</param>
    public AccessLog(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
    }

    /// <summary>The underlying logger (category <see cref="CategoryName"/>).</summary>
    public ILogger Logger { get; }

    /// <summary>Writes one access line.</summary>
    /// <param name="line">The complete line, without a trailing newline.</param>
    public void Write(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // Line breaks would split one request over several lines and break line-based tooling.
        var oneLine = line.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        WriteLine(Logger, oneLine);
    }

    // Every call writes one: source-generated, so that a disabled level costs one check and no argument array.
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{AccessLine}")]
    private static partial void WriteLine(ILogger logger, string accessLine);
}
