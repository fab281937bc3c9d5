namespace Zask.ZeroRpc.Extension;

/// <summary>
/// A service's configuration entry has an unknown key or a value of the wrong shape. It is raised when the app
/// starts (and whenever the entry is read), so that a typo never silently turns a check off.
/// </summary>
public sealed class InvalidServiceConfigException : ServiceConfigException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="configKey">The entry, for example <c>ZERORPC_SOME_SERVICE</c>.</param>
    /// <param name="entryKey">The key inside the entry that is at fault (<c>null</c> for the entry as a whole).</param>
    /// <param name="found">What the entry holds there, described without echoing secrets.</param>
    /// <param name="expected">What the key should hold.</param>
    /// <param name="hint">A suggestion (the closest known key), or <c>null</c>.</param>
    public InvalidServiceConfigException(string configKey, string? entryKey, string found, string expected, string? hint = null)
        : base(configKey, BuildMessage(configKey, entryKey, found, expected, hint))
    {
        EntryKey = entryKey;
        Found = found;
        Expected = expected;
    }

    /// <summary>The key inside the entry that is at fault, or <c>null</c> when the entry itself has the wrong shape.</summary>
    public string? EntryKey { get; }

    /// <summary>A description of the value found (secrets are shown as a short prefix and a fingerprint only).</summary>
    public string Found { get; }

    /// <summary>What was expected instead.</summary>
    public string Expected { get; }

    private static string BuildMessage(string configKey, string? entryKey, string found, string expected, string? hint)
    {
        var where = entryKey is null ? configKey : $"{configKey}: key \"{entryKey}\"";
        var message = $"{where}: expected {expected}, found {found}.";
        return hint is null ? message : $"{message} {hint}";
    }
}
