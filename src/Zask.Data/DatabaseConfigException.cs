namespace Zask.Data;

/// <summary>
/// A database setting is missing, malformed or unsupported. <see cref="ConfigKey"/> names the setting, for example
/// <c>SQLALCHEMY_DATABASE_URI</c> or <c>SQLALCHEMY_BINDS:users</c>.
/// </summary>
public class DatabaseConfigException : ConfigException
{
    /// <summary>Creates the error.</summary>
    /// <param name="configKey">The setting at fault.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DatabaseConfigException(string configKey, string message, Exception? innerException = null)
        : base($"{configKey}: {message}", innerException)
    {
        ConfigKey = configKey;
    }

    /// <summary>The setting at fault.</summary>
    public string ConfigKey { get; }
}
