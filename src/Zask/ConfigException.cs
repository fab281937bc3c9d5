namespace Zask;

/// <summary>
/// Base type of every error raised while loading or reading a <see cref="Config"/>.
/// A failed load never changes the configuration, so callers may catch this and carry on.
/// </summary>
public class ConfigException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ConfigException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
