using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace Zask;

/// <summary>
/// The JSON file that <see cref="Config.FromFile"/> adds: Microsoft's <see cref="JsonConfigurationSource"/> for one
/// absolute path, read once when it is added (Flask's <c>from_file</c> loads the file then, not on every later
/// layer), with the keys <see cref="Config.Remove"/> and <see cref="Config.Clear"/> took out of it.
/// </summary>
internal sealed class ConfigJsonFileSource : JsonConfigurationSource, IRemovableLayer
{
    private readonly Lock _sync = new();
    private readonly HashSet<string> _removed = new(StringComparer.OrdinalIgnoreCase);
    private byte[]? _snapshot;
    private HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private bool _cleared;

    public ConfigJsonFileSource(string fullPath)
    {
        FullPath = fullPath;
        // Dot-files are valid settings files: the default filters of PhysicalFileProvider would hide them.
        FileProvider = new PhysicalFileProvider(System.IO.Path.GetDirectoryName(fullPath)!, ExclusionFilters.None);
        Path = System.IO.Path.GetFileName(fullPath);
        Optional = false;
        ReloadOnChange = false;
    }

    /// <summary>The absolute path of the file, for error messages.</summary>
    public string FullPath { get; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigJsonFileProvider(this);

    /// <summary>The bytes of the first successful read, which later rebuilds of the configuration reuse.</summary>
    public byte[]? Snapshot
    {
        get
        {
            lock (_sync)
            {
                return _snapshot;
            }
        }
    }

    public void Loaded(byte[] bytes, IEnumerable<string> topLevelKeys)
    {
        lock (_sync)
        {
            _snapshot ??= bytes;
            _keys = new HashSet<string>(topLevelKeys, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Whether a top-level key was taken out of this file's values.</summary>
    public bool IsRemoved(string topLevelKey)
    {
        lock (_sync)
        {
            return _cleared || _removed.Contains(topLevelKey);
        }
    }

    public bool Remove(string key)
    {
        lock (_sync)
        {
            return !_cleared && _keys.Contains(key) && _removed.Add(key);
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _cleared = true;
        }
    }

    public override string ToString() => $"JSON file '{FullPath}'";
}
