using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;

namespace Zask;

/// <summary>
/// The application configuration: a string-keyed dictionary filled in layers, a later layer winning over an earlier one:
/// built-in defaults, then <see cref="FromObject(object)"/> / <see cref="FromMapping"/> / <see cref="FromFile"/> /
/// <see cref="FromEnvVar"/> in call order, then — always on top — environment variables carrying
/// <see cref="EnvironmentPrefix"/> (<c>ZASK_DEBUG=false</c> sets <c>DEBUG</c> to <c>false</c>).
/// </summary>
/// <remarks>
/// <para>The environment overlay is re-read every time a layer is loaded (and by <see cref="ReloadEnvironment"/>), so it
/// wins even over files loaded later and over values assigned through the indexer: the deployment has the last word.</para>
/// <para>JSON values are stored as plain values: objects as <see cref="IReadOnlyDictionary{TKey, TValue}"/> of
/// <c>string</c> to <c>object?</c>, arrays as <see cref="IReadOnlyList{T}"/> of <c>object?</c>, integers as
/// <see cref="long"/>, other numbers as <see cref="double"/>. Use <see cref="Get{T}(string)"/> to read them as any type.</para>
/// <para>A failed load throws a <see cref="ConfigException"/> and leaves the configuration unchanged.
/// All members are thread-safe.</para>
/// </remarks>
public sealed class Config : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    /// <summary>The prefix of environment variables that override configuration keys.</summary>
    public const string DefaultEnvironmentPrefix = "ZASK_";

    // Case-insensitive property matching makes POCO reads of snake/lower-case JSON objects less brittle.
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Lock _sync = new();

    // Everything loaded or assigned, in call order (last write wins).
    private readonly Dictionary<string, object?> _loaded = new(StringComparer.Ordinal);

    // Snapshot of the prefixed environment variables, applied on top of _loaded.
    private Dictionary<string, object?> _environment = new(StringComparer.Ordinal);

    // _loaded overlaid with _environment; replaced (never mutated) so readers can use it without locking.
    private Dictionary<string, object?> _effective = new(StringComparer.Ordinal);

    /// <summary>Creates a configuration holding the built-in <see cref="Defaults"/> and the environment overlay.</summary>
    /// <param name="rootPath">Folder relative file paths are resolved from (made absolute).</param>
    /// <param name="environmentPrefix">Prefix of overriding environment variables; <c>null</c> or empty disables the overlay.</param>
    public Config(string rootPath, string? environmentPrefix = DefaultEnvironmentPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        EnvironmentPrefix = string.IsNullOrEmpty(environmentPrefix) ? null : environmentPrefix;
        foreach (var pair in Defaults)
        {
            _loaded[pair.Key] = pair.Value;
        }

        ApplyLayer(null);
    }

    /// <summary>Raised after any change to the effective values (a load, an assignment, an environment reload).</summary>
    public event EventHandler? Changed;

    /// <summary>
    /// The built-in defaults (those of the original Zask, plus <see cref="ConfigKeys.ShutdownGracePeriod"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Defaults { get; } = new ReadOnlyDictionary<string, object?>(
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ConfigKeys.Debug] = true,
            [ConfigKeys.ErrorLog] = "/tmp/zask.error.log",
            [ConfigKeys.ZeroRpcAccessLog] = "/tmp/zask.access.log",
            [ConfigKeys.SqlAlchemyDatabaseUri] = "sqlite://",
            [ConfigKeys.SqlAlchemyBinds] = null,
            [ConfigKeys.SqlAlchemyEcho] = false,
            [ConfigKeys.SqlAlchemyPoolSize] = null,
            [ConfigKeys.SqlAlchemyPoolTimeout] = null,
            [ConfigKeys.SqlAlchemyPoolRecycle] = 3600L,
            [ConfigKeys.SqlAlchemyMaxOverflow] = null,
            [ConfigKeys.ShutdownGracePeriod] = 30L,
        });

    /// <summary>The absolute folder that relative paths given to <see cref="FromFile"/> are resolved from.</summary>
    public string RootPath { get; }

    /// <summary>The prefix of overriding environment variables, or <c>null</c> when the overlay is disabled.</summary>
    public string? EnvironmentPrefix { get; }

    /// <inheritdoc />
    public int Count => _effective.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <summary>A snapshot of the keys.</summary>
    public ICollection<string> Keys => _effective.Keys.ToList();

    /// <summary>A snapshot of the values.</summary>
    public ICollection<object?> Values => _effective.Values.ToList();

    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

    /// <summary>Gets or sets a value. An environment override for the key keeps winning over an assigned value.</summary>
    /// <param name="key">The configuration key.</param>
    /// <exception cref="KeyNotFoundException">On get, when the key is not present.</exception>
    public object? this[string key]
    {
        get => _effective.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Config key '{key}' is not set.");
        set => ApplyLayer(new[] { new KeyValuePair<string, object?>(key, value) }, reloadEnvironment: false);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _effective.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _effective.TryGetValue(key, out value);

    /// <inheritdoc />
    public void Add(string key, object? value)
    {
        lock (_sync)
        {
            if (_loaded.ContainsKey(key))
            {
                throw new ArgumentException($"Config key '{key}' is already set.", nameof(key));
            }

            this[key] = value;
        }
    }

    /// <summary>
    /// Removes a loaded or assigned value. An environment override for the key stays visible.
    /// </summary>
    /// <param name="key">The key to remove.</param>
    /// <returns><c>true</c> when a loaded value was removed.</returns>
    public bool Remove(string key)
    {
        bool removed;
        lock (_sync)
        {
            removed = _loaded.Remove(key);
            Recompute();
        }

        OnChanged();
        return removed;
    }

    /// <summary>Removes every loaded value, defaults included (the environment overlay stays).</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _loaded.Clear();
            Recompute();
        }

        OnChanged();
    }

    /// <summary>
    /// Updates the values from an object: its public UPPERCASE properties and fields, static and instance.
    /// Other members are ignored so helpers can live next to settings.
    /// </summary>
    /// <param name="settings">The settings object.</param>
    public void FromObject(object settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is Type type)
        {
            FromObject(type);
            return;
        }

        ApplyLayer(ReadMembers(settings.GetType(), settings));
    }

    /// <summary>Updates the values from the public static UPPERCASE properties and fields of a type.</summary>
    /// <param name="settingsType">The settings type (may be a static class).</param>
    public void FromObject(Type settingsType)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        ApplyLayer(ReadMembers(settingsType, null));
    }

    /// <summary>Updates the values from key/value pairs, ignoring keys that are not UPPERCASE (like Flask's <c>from_mapping</c>).</summary>
    /// <param name="mapping">The pairs to load.</param>
    public void FromMapping(IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ApplyLayer(mapping.Where(pair => ConfigValues.IsUpper(pair.Key)).ToList());
    }

    /// <summary>
    /// Updates the values from a JSON file whose root is an object. Every top-level key is loaded; nested objects and
    /// arrays are kept as structured values.
    /// </summary>
    /// <param name="path">The file; a relative path is taken from <see cref="RootPath"/>.</param>
    /// <param name="optional">When true, a missing file is not an error.</param>
    /// <returns><c>true</c> when the file was loaded, <c>false</c> when it is optional and missing.</returns>
    /// <exception cref="ConfigFileNotFoundException">The file is missing and not optional.</exception>
    /// <exception cref="ConfigParseException">The file is not valid JSON or its root is not an object.</exception>
    public bool FromFile(string path, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path, RootPath);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return optional ? false : throw new ConfigFileNotFoundException(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Unable to load configuration file '{fullPath}': {ex.Message}", ex);
        }

        ApplyLayer(ParseJsonObject(text, fullPath));
        return true;
    }

    /// <summary>
    /// Loads the JSON file named by an environment variable (Flask's <c>from_envvar</c>).
    /// </summary>
    /// <param name="variableName">The environment variable holding the file path.</param>
    /// <param name="optional">When true, an unset variable or a missing file is not an error.</param>
    /// <returns><c>true</c> when a file was loaded.</returns>
    /// <exception cref="ConfigEnvironmentVariableNotSetException">The variable is unset or empty and not optional.</exception>
    /// <exception cref="ConfigFileNotFoundException">The named file is missing and not optional.</exception>
    /// <exception cref="ConfigParseException">The named file is not a JSON object.</exception>
    public bool FromEnvVar(string variableName, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        var path = Environment.GetEnvironmentVariable(variableName);
        if (string.IsNullOrEmpty(path))
        {
            return optional ? false : throw new ConfigEnvironmentVariableNotSetException(variableName);
        }

        return FromFile(path, optional);
    }

    /// <summary>Re-reads the prefixed environment variables now (they are also re-read on every load).</summary>
    public void ReloadEnvironment() => ApplyLayer(null);

    /// <summary>Reads a value as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">
    /// The wanted type. Values that are not already of this type are converted by a System.Text.Json round trip,
    /// so any POCO, collection or dictionary works (property names match case-insensitively).
    /// </typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The converted value (<c>null</c> for a null value read as a nullable type).</returns>
    /// <exception cref="ConfigKeyNotFoundException">The key is not set.</exception>
    /// <exception cref="ConfigTypeException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public T Get<T>(string key) => Get<T>(key, ReadOptions);

    /// <summary>Reads a value as <typeparamref name="T"/> with custom JSON options for the conversion.</summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="options">Options for the JSON round trip (e.g. a snake_case naming policy).</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="ConfigKeyNotFoundException">The key is not set.</exception>
    /// <exception cref="ConfigTypeException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public T Get<T>(string key, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!_effective.TryGetValue(key, out var value))
        {
            throw new ConfigKeyNotFoundException(key);
        }

        return Convert<T>(key, value, options);
    }

    /// <summary>
    /// Reads a value as <typeparamref name="T"/>, or returns <paramref name="defaultValue"/> when the key is missing or null.
    /// A value of the wrong type is still an error: a typo in a config file should not be silently ignored.
    /// </summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned when the key is missing or its value is null.</param>
    /// <returns>The converted value or the default.</returns>
    /// <exception cref="ConfigTypeException">The value is present but cannot be read as <typeparamref name="T"/>.</exception>
    public T GetValueOrDefault<T>(string key, T defaultValue)
    {
        if (!_effective.TryGetValue(key, out var value) || value is null)
        {
            return defaultValue;
        }

        return Convert<T>(key, value, ReadOptions);
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigException">Missing key or not a boolean.</exception>
    public bool GetBool(string key) => Get<bool>(key);

    /// <summary>Reads a string (null when the value is null).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigException">Missing key or not a string.</exception>
    public string? GetString(string key) => Get<string?>(key);

    /// <summary>Reads a 32-bit integer.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigException">Missing key, not an integer or out of range.</exception>
    public int GetInt(string key) => Get<int>(key);

    /// <summary>Reads a 64-bit integer.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigException">Missing key or not an integer.</exception>
    public long GetLong(string key) => Get<long>(key);

    /// <summary>Reads a number.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigException">Missing key or not a number.</exception>
    public double GetDouble(string key) => Get<double>(key);

    /// <summary>
    /// Returns the entries whose key starts with <paramref name="ns"/> (Flask's <c>get_namespace</c>), e.g.
    /// <c>GetNamespace("IMAGE_STORE_")</c> turns <c>IMAGE_STORE_TYPE</c> into <c>type</c>.
    /// </summary>
    /// <param name="ns">The key prefix (matched case-sensitively).</param>
    /// <param name="lowercase">Lowercase the resulting keys.</param>
    /// <param name="trimNamespace">Remove the prefix from the resulting keys.</param>
    /// <returns>A new dictionary of the matching entries.</returns>
    public Dictionary<string, object?> GetNamespace(string ns, bool lowercase = true, bool trimNamespace = true)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in _effective)
        {
            if (!key.StartsWith(ns, StringComparison.Ordinal))
            {
                continue;
            }

            var name = trimNamespace ? key[ns.Length..] : key;
            result[lowercase ? name.ToLowerInvariant() : name] = value;
        }

        return result;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _effective.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_effective).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_effective).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_effective).Contains(item) && Remove(item.Key);

    private static T Convert<T>(string key, object? value, JsonSerializerOptions options)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null)
        {
            // A null value only fits a type that admits null.
            return default(T) is null ? default! : throw new ConfigTypeException(key, typeof(T), value);
        }

        // Booleans and numbers follow one rule, whichever layer (file, mapping, environment) gave the value.
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        switch (ConfigValues.TryConvertScalar(value, target, out var scalar))
        {
            case true:
                return (T)scalar!;
            case false:
                throw new ConfigTypeException(key, typeof(T), value);
        }

        try
        {
            var element = JsonSerializer.SerializeToElement(value, value.GetType(), options);
            var result = element.Deserialize<T>(options);
            if (result is null && default(T) is not null)
            {
                throw new ConfigTypeException(key, typeof(T), value);
            }

            return result!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ConfigTypeException(key, typeof(T), value, ex);
        }
    }

    private static List<KeyValuePair<string, object?>> ReadMembers(Type type, object? instance)
    {
        var flags = BindingFlags.Public | BindingFlags.Static | (instance is null ? 0 : BindingFlags.Instance);
        var values = new List<KeyValuePair<string, object?>>();
        foreach (var field in type.GetFields(flags))
        {
            if (ConfigValues.IsUpper(field.Name))
            {
                values.Add(new(field.Name, field.GetValue(field.IsStatic ? null : instance)));
            }
        }

        foreach (var property in type.GetProperties(flags))
        {
            if (ConfigValues.IsUpper(property.Name) && property.CanRead && property.GetIndexParameters().Length == 0)
            {
                values.Add(new(property.Name, property.GetValue(property.GetMethod!.IsStatic ? null : instance)));
            }
        }

        return values;
    }

    private static List<KeyValuePair<string, object?>> ParseJsonObject(string text, string fullPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // System.Text.Json positions are 0-based; people count from 1.
            long? line = ex.LineNumber + 1;
            long? column = ex.BytePositionInLine + 1;
            throw new ConfigParseException(
                fullPath,
                line,
                column,
                $"Unable to load configuration file '{fullPath}': invalid JSON at line {line}, column {column}.",
                ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigParseException(
                    fullPath,
                    null,
                    null,
                    $"Unable to load configuration file '{fullPath}': the root must be a JSON object, but it is {root.ValueKind}.");
            }

            return root.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, ConfigValues.FromJson(p.Value))).ToList();
        }
    }

    private void ApplyLayer(IReadOnlyCollection<KeyValuePair<string, object?>>? values, bool reloadEnvironment = true)
    {
        lock (_sync)
        {
            if (values is not null)
            {
                foreach (var (key, value) in values)
                {
                    _loaded[key] = value;
                }
            }

            if (reloadEnvironment)
            {
                _environment = ReadEnvironment();
            }

            Recompute();
        }

        OnChanged();
    }

    private Dictionary<string, object?> ReadEnvironment()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (EnvironmentPrefix is null)
        {
            return result;
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.Length > EnvironmentPrefix.Length &&
                name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && entry.Value is string raw)
            {
                result[name[EnvironmentPrefix.Length..]] = ConfigValues.FromEnvironment(raw);
            }
        }

        return result;
    }

    private void Recompute()
    {
        var effective = new Dictionary<string, object?>(_loaded, StringComparer.Ordinal);
        foreach (var (key, value) in _environment)
        {
            effective[key] = value;
        }

        _effective = effective;
    }

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
