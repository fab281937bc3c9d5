namespace Zask;

/// <summary>
/// A configuration file exists but could not be used: it is not valid JSON, or its root is not a JSON object.
/// </summary>
public sealed class ConfigParseException : ConfigException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The full path of the file.</param>
    /// <param name="lineNumber">1-based line of the error, when known.</param>
    /// <param name="column">1-based column (byte position in the line) of the error, when known.</param>
    /// <param name="message">The complete message.</param>
    /// <param name="innerException">The parser error, if any.</param>
    public ConfigParseException(string filePath, long? lineNumber, long? column, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number of the error, or <c>null</c> when the error is not tied to a position.</summary>
    public long? LineNumber { get; }

    /// <summary>1-based column (byte position within the line) of the error, or <c>null</c> when unknown.</summary>
    public long? Column { get; }
}
