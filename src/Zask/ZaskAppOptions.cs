namespace Zask;

/// <summary>Settings for creating a <see cref="ZaskApp"/>.</summary>
public sealed class ZaskAppOptions
{
    /// <summary>
    /// The application name, used as the logger category. Defaults to the entry assembly's name (or <c>zask</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The application's root folder: relative config files and log paths are taken from it, and it is the host's
    /// content root. Defaults to <see cref="AppContext.BaseDirectory"/>, the folder the application was started from
    /// (which also works for single-file apps, unlike the entry assembly's location).
    /// </summary>
    public string? RootPath { get; set; }

    /// <summary>Command-line arguments handed to the host builder (they become host configuration).</summary>
    public string[]? Args { get; set; }

    /// <summary>
    /// Prefix of environment variables overriding config keys (default <c>ZASK_</c>); null or empty disables them.
    /// </summary>
    public string? EnvironmentPrefix { get; set; } = Config.DefaultEnvironmentPrefix;
}
