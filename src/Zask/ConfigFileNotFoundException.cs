namespace Zask;

/// <summary>A configuration file that was not optional does not exist.</summary>
public sealed class ConfigFileNotFoundException : ConfigException
{
    /// <summary>Creates the exception for the given absolute path.</summary>
    /// <param name="filePath">The full path that was looked up.</param>
    public ConfigFileNotFoundException(string filePath)
        : base($"Unable to load configuration file (file not found): '{filePath}'.")
    {
        FilePath = filePath;
    }

    /// <summary>The full path of the missing file.</summary>
    public string FilePath { get; }
}
