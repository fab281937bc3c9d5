using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Primitives;

namespace Zask;

/// <summary>
/// The application configuration: a Flask-style, string-keyed view over a Microsoft.Extensions.Configuration root.
/// Each call adds a configuration provider, a later one winning over an earlier one: the defaults (built-in, then
/// those extensions declare through <see cref="SetDefaults"/>) at the bottom, then
/// <see cref="FromObject(object)"/> / <see cref="FromMapping"/> / <see cref="FromFile"/> / <see cref="FromEnvVar"/> /
/// <see cref="Add(IConfigurationSource)"/> and assignments in call order, then — always on top — the environment
/// variables carrying <see cref="EnvironmentPrefix"/> (<c>ZASK_DEBUG=false</c> sets <c>DEBUG</c> to <c>false</c>).
/// </summary>
/// <remarks>
/// <para>Nested values are sections, as everywhere in .NET configuration: <c>ZERORPC_ORDERS:client_keys:0</c> is the
/// first client key of the <c>ZERORPC_ORDERS</c> entry. A layer that sets a top-level key replaces the whole entry (as
/// Flask's <c>update</c> does): nested keys of lower layers do not leak into it, so an override's shorter list of keys
/// never keeps a base file's extra ones. Reading a top-level key through this class gives the whole entry back as
/// plain values: a section with children is an
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of <c>string</c> to <c>object?</c> (an
/// <see cref="IReadOnlyList{T}"/> of <c>object?</c> when its children are numbered 0, 1, 2...), a section with only a
/// value is that value. Values of defaults, objects, mappings and assignments keep their CLR type; values of JSON files
/// keep their JSON type (integers <see cref="long"/>, other numbers <see cref="double"/>, booleans); values of the
/// environment overlay are parsed as JSON when they parse. Other providers (command line, secrets stores...) give
/// strings: a key with a default of type <see cref="bool"/>, a number or <see cref="TimeSpan"/> gets its string
/// converted to that type, other keys keep the string. Typed reads convert every value by one rule: use
/// <see cref="Get{T}(string)"/> to read any of them as any type.</para>
/// <para>The layers are Microsoft's providers: a file is a <c>JsonConfigurationProvider</c>, the overlay an
/// <c>EnvironmentVariablesConfigurationProvider</c> (<c>ZASK_A__B</c> is <c>A:B</c>); <see cref="Configuration"/> lists
/// them. The overlay is re-read every time a layer is added (and by <see cref="ReloadEnvironment"/>), so it wins even
/// over files loaded later and over values assigned through the indexer: the deployment has the last word.</para>
/// <para>A failed load throws a <see cref="ConfigException"/> and leaves the configuration unchanged.
/// Keys are case-sensitive here (as in Flask) and case-insensitive through <see cref="Configuration"/> (as in .NET).
/// All members are thread-safe.</para>
/// </remarks>
public sealed class Config : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>, IDisposable
{
    /// <summary>The prefix of environment variables that override configuration keys.</summary>
    public const string DefaultEnvironmentPrefix = "ZASK_";

    // Case-insensitive property matching makes POCO reads of snake/lower-case JSON objects less brittle.
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Lock _sync = new();
    private readonly ConfigurationManager _manager = new();
    private readonly ConfigValueLayerSource _defaults;
    private readonly EnvironmentVariablesConfigurationSource? _environment;
    private ConfigValueLayerSource? _pinned;
    private readonly IDisposable _changeRegistration;
    private readonly ConfigViewProvider _view = new();
    private readonly ConfigView _viewRoot;

    // The top-level entries rebuilt from the configuration root after every change; replaced (never mutated) so
    // readers can use it without locking, and so repeated reads return the same instances.
    private Dictionary<string, object?> _effective = new(StringComparer.Ordinal);

    // Where each top-level entry came from (a file, a variable, a source), for error messages; replaced like _effective.
    private Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    private IConfigurationRoot Root => _manager;

    /// <summary>Creates a configuration holding the built-in <see cref="Defaults"/> and the environment overlay.</summary>
    /// <param name="rootPath">Folder relative file paths are resolved from (made absolute).</param>
    /// <param name="environmentPrefix">Prefix of overriding environment variables; <c>null</c> or empty disables the overlay.</param>
    public Config(string rootPath, string? environmentPrefix = DefaultEnvironmentPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        EnvironmentPrefix = string.IsNullOrEmpty(environmentPrefix) ? null : environmentPrefix;
        _manager.SetBasePath(RootPath);
        _defaults = new ConfigValueLayerSource("defaults", Defaults);
        IConfigurationBuilder builder = _manager;
        builder.Add(_defaults);
        if (EnvironmentPrefix is not null)
        {
            _environment = new EnvironmentVariablesConfigurationSource { Prefix = EnvironmentPrefix };
            builder.Add(_environment);
        }

        _viewRoot = new ConfigView(() => Root.Providers, _view, ReloadEnvironment);
        Recompute();
        _changeRegistration = ChangeToken.OnChange(((IConfiguration)_manager).GetReloadToken, OnReloaded);
    }

    /// <summary>
    /// Raised after any change to the effective values (a load, an assignment, an environment reload, or a reload of
    /// a provider added with <see cref="Add(IConfigurationSource)"/>).
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>
    /// The built-in defaults of the application itself. Extensions add their own (e.g. Zask.Data's
    /// <c>SQLALCHEMY_*</c> keys) through <see cref="SetDefaults"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Defaults { get; } = new ReadOnlyDictionary<string, object?>(
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ConfigKeys.Debug] = true,
            [ConfigKeys.ErrorLog] = "/tmp/zask.error.log",
            // The app's own key despite its prefix: the app's logging pipeline routes the access log to this file.
            [ConfigKeys.ZeroRpcAccessLog] = "/tmp/zask.access.log",
            [ConfigKeys.ShutdownGracePeriod] = 30L,
        });

    /// <summary>
    /// The same values as an <see cref="IConfiguration"/>: every entry as resolved from the layers, nested values as
    /// sections. Hand it to anything that takes an <see cref="IConfiguration"/> (options binding, libraries); its
    /// reload token fires on every change. It is an <see cref="IConfigurationRoot"/> whose
    /// <see cref="IConfigurationRoot.Providers"/> are the layers' providers, lowest first, topped by the provider of
    /// the resolved entries that answers every read.
    /// </summary>
    public IConfiguration Configuration => _viewRoot;

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
        set => Assign(key, value);
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
            if (_effective.ContainsKey(key))
            {
                throw new ArgumentException($"Config key '{key}' is already set.", nameof(key));
            }

            this[key] = value;
        }
    }

    /// <summary>
    /// Removes a value from Zask's own layers (defaults, objects, mappings, files, assignments). An environment
    /// override and values of providers added with <see cref="Add(IConfigurationSource)"/> stay visible.
    /// </summary>
    /// <param name="key">The key to remove.</param>
    /// <returns><c>true</c> when a value was removed.</returns>
    public bool Remove(string key)
    {
        lock (_sync)
        {
            var removed = false;
            foreach (var layer in RemovableLayers())
            {
                removed |= layer.Remove(key);
            }

            Root.Reload();
            return removed;
        }
    }

    /// <summary>
    /// Removes every value of Zask's own layers, defaults included (the environment overlay and providers added with
    /// <see cref="Add(IConfigurationSource)"/> stay).
    /// </summary>
    public void Clear()
    {
        lock (_sync)
        {
            foreach (var layer in RemovableLayers())
            {
                layer.Clear();
            }

            Root.Reload();
        }
    }

    /// <summary>
    /// Pins a value above every layer, the environment overlay included: files loaded and values assigned later do
    /// not change it, and <see cref="Remove"/> and <see cref="Clear"/> leave it. Meant for test hosts, which override
    /// settings before the app's own code loads its files.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">Its value.</param>
    public void Pin(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_sync)
        {
            if (_pinned is null)
            {
                _pinned = new ConfigValueLayerSource("pinned values", [new(key, value)]);
                ((IConfigurationBuilder)_manager).Sources.Add(_pinned);
            }
            else
            {
                _pinned.Values[key] = value;
                Root.Reload();
            }
        }
    }

    /// <summary>
    /// Adds defaults below every other layer, as extensions do for the keys they read (Zask.Data declares
    /// <c>SQLALCHEMY_*</c>). A key that already has a default keeps it: the first declaration wins.
    /// </summary>
    /// <param name="defaults">The default values.</param>
    public void SetDefaults(IEnumerable<KeyValuePair<string, object?>> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        lock (_sync)
        {
            var added = false;
            foreach (var (key, value) in defaults)
            {
                added |= _defaults.Values.TryAdd(key, value);
            }

            if (added)
            {
                Root.Reload();
            }
        }
    }

    /// <summary>
    /// Adds any configuration source as the next layer (a secrets store, command-line arguments, another JSON or
    /// INI file...): it wins over earlier layers, the environment overlay still wins over it. Its values are checked by
    /// the same typed reads and start-up validation as every other layer's.
    /// </summary>
    /// <param name="source">The source.</param>
    /// <exception cref="ConfigException">The source failed to load; the configuration is unchanged.</exception>
    public void Add(IConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_sync)
        {
            try
            {
                AddLayer(source);
            }
            catch (Exception ex) when (ex is not ConfigException and not OutOfMemoryException)
            {
                // The manager keeps a source whose provider failed to load: take it out again.
                ((IConfigurationBuilder)_manager).Sources.Remove(source);
                throw new ConfigException($"Unable to load configuration source {source.GetType().Name}: {ex.Message}", ex);
            }
        }
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

        ApplyLayer("object " + settings.GetType().Name, ReadMembers(settings.GetType(), settings));
    }

    /// <summary>Updates the values from the public static UPPERCASE properties and fields of a type.</summary>
    /// <param name="settingsType">The settings type (may be a static class).</param>
    public void FromObject(Type settingsType)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        ApplyLayer("type " + settingsType.Name, ReadMembers(settingsType, null));
    }

    /// <summary>Updates the values from key/value pairs, ignoring keys that are not UPPERCASE (like Flask's <c>from_mapping</c>).</summary>
    /// <param name="mapping">The pairs to load.</param>
    public void FromMapping(IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ApplyLayer("mapping", mapping.Where(pair => ConfigValues.IsUpper(pair.Key)).ToList());
    }

    /// <summary>
    /// Adds a JSON file whose root is an object as the next layer: Microsoft's <see cref="Microsoft.Extensions.Configuration.Json.JsonConfigurationSource"/>
    /// (it shows in <see cref="Configuration"/>'s providers as a <see cref="Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider"/>), read now.
    /// Every top-level key is loaded; nested objects and arrays are kept as structured values and every value keeps
    /// its JSON type (<c>7</c> is a number, <c>"7"</c> a string, <c>[]</c> an empty list).
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
        if (!File.Exists(fullPath))
        {
            return optional ? false : throw new ConfigFileNotFoundException(fullPath);
        }

        var source = new ConfigJsonFileSource(fullPath);
        lock (_sync)
        {
            try
            {
                AddLayer(source);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ((IConfigurationBuilder)_manager).Sources.Remove(source);
                if (ex is FileNotFoundException or DirectoryNotFoundException && optional)
                {
                    return false;
                }

                throw FileLoadError(fullPath, ex);
            }
        }

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

    /// <summary>
    /// Re-reads the prefixed environment variables now (they are also re-read on every load), and with them the
    /// sources added with <see cref="Add(IConfigurationSource)"/>; files loaded by <see cref="FromFile"/> keep what
    /// they read when they were loaded.
    /// </summary>
    public void ReloadEnvironment()
    {
        lock (_sync)
        {
            Root.Reload();
        }
    }

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

        return Convert<T>(key, value, options, Origin(key));
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

        return Convert<T>(key, value, ReadOptions, Origin(key));
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

    /// <summary>The layer a top-level entry came from, for error messages; <c>null</c> when the key is not set.</summary>
    internal string? Origin(string key) => _origins.GetValueOrDefault(key);

    private static T Convert<T>(string key, object? value, JsonSerializerOptions options, string? origin)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null)
        {
            // A null value only fits a type that admits null.
            return default(T) is null ? default! : throw new ConfigTypeException(key, typeof(T), value) { Provider = origin };
        }

        // Booleans and numbers follow one rule, whichever layer (file, mapping, environment) gave the value.
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        switch (ConfigValues.TryConvertScalar(value, target, out var scalar))
        {
            case true:
                return (T)scalar!;
            case false:
                throw new ConfigTypeException(key, typeof(T), value) { Provider = origin };
        }

        try
        {
            var element = JsonSerializer.SerializeToElement(value, value.GetType(), options);
            var result = element.Deserialize<T>(options);
            if (result is null && default(T) is not null)
            {
                throw new ConfigTypeException(key, typeof(T), value) { Provider = origin };
            }

            return result!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ConfigTypeException(key, typeof(T), value, ex) { Provider = origin };
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

    // Microsoft's file provider wraps what went wrong in InvalidDataException: say it with the file's name.
    private static ConfigException FileLoadError(string fullPath, Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case ConfigException known:
                    return known;
                case FileNotFoundException or DirectoryNotFoundException:
                    return new ConfigFileNotFoundException(fullPath);
                case FormatException format:
                    // Microsoft's parser refuses a key given twice in one object.
                    return new ConfigParseException(fullPath, null, null, $"Unable to load configuration file '{fullPath}': {format.Message}", format);
            }
        }

        return new ConfigException($"Unable to load configuration file '{fullPath}': {error.GetBaseException().Message}", error);
    }

    private void ApplyLayer(string description, IReadOnlyCollection<KeyValuePair<string, object?>> values)
    {
        lock (_sync)
        {
            AddLayer(new ConfigValueLayerSource(description, values));
        }
    }

    private void Assign(string key, object? value)
    {
        lock (_sync)
        {
            // Assignments in a row share one layer; one after a load starts a new layer so call order still decides.
            if (LastLayer() is ConfigValueLayerSource { IsAssignments: true } assignments)
            {
                assignments.Values[key] = value;
                Root.Reload();
            }
            else
            {
                AddLayer(new ConfigValueLayerSource("assignments", [new(key, value)], isAssignments: true));
            }
        }
    }

    // Inserts under the environment overlay and the pinned values; the manager then rebuilds its providers,
    // re-reading the environment.
    private void AddLayer(IConfigurationSource source)
    {
        var sources = ((IConfigurationBuilder)_manager).Sources;
        sources.Insert(sources.Count - OverlayCount, source);
    }

    private IConfigurationSource? LastLayer()
    {
        var sources = ((IConfigurationBuilder)_manager).Sources;
        var last = sources.Count - OverlayCount - 1;
        return last > 0 ? sources[last] : null;
    }

    // The sources that stay on top of every layer: the environment overlay, then the pinned values.
    private int OverlayCount => (_environment is null ? 0 : 1) + (_pinned is null ? 0 : 1);

    private List<IRemovableLayer> RemovableLayers() =>
        ((IConfigurationBuilder)_manager).Sources.OfType<IRemovableLayer>().Where(l => l != _pinned).ToList();

    private void OnReloaded()
    {
        lock (_sync)
        {
            Recompute();
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    // Resolves every top-level entry: the highest layer that sets a key (a value or anything under it) supplies the
    // whole entry, as Flask's update() does; lower layers' nested keys do not leak into it (a list of keys from a
    // base file must not survive under the shorter list of an override).
    private void Recompute()
    {
        var providers = Root.Providers.ToList();
        var sources = ((IConfigurationBuilder)_manager).Sources;
        // The manager builds one provider per source, in order: that is how the overlay's provider is found.
        var environment = _environment is not null && providers.Count == sources.Count ? providers[sources.IndexOf(_environment)] : null;
        var winners = new Dictionary<string, (string Key, IConfigurationProvider Provider)>(StringComparer.OrdinalIgnoreCase);
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            foreach (var key in providers[i].GetChildKeys([], null))
            {
                winners.TryAdd(key, (key, providers[i]));
            }
        }

        var effective = new Dictionary<string, object?>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var scratch = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, provider) in winners.Values)
        {
            var fromEnvironment = ReferenceEquals(provider, environment);
            var value = Rebuild(provider, key, fromEnvironment);
            if (value is string text && provider is not ITypedLayer)
            {
                value = ConfigValues.AsDeclared(text, _defaults.Values.GetValueOrDefault(key));
            }

            effective[key] = value;
            origins[key] = fromEnvironment ? EnvironmentOrigin(provider, key) : provider.ToString() ?? provider.GetType().Name;
            ConfigFlattener.Flatten(data, scratch, key, value);
        }

        _effective = effective;
        _origins = origins;
        _view.Publish(data);
    }

    private string EnvironmentOrigin(IConfigurationProvider provider, string key) =>
        provider.TryGet(key, out _)
            ? $"environment variable {EnvironmentPrefix}{key}"
            : $"environment variables {EnvironmentPrefix}{key}__*";

    // The value at a path within one provider: its children as a list or dictionary, else its leaf value: typed when
    // the layer kept the type, parsed as JSON when it is the environment overlay's, else the provider's string.
    private static object? Rebuild(IConfigurationProvider provider, string path, bool fromEnvironment)
    {
        var childKeys = provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (childKeys.Count == 0)
        {
            if (provider is ITypedLayer typed && typed.TryGetTyped(path, out var value))
            {
                return value;
            }

            provider.TryGet(path, out var text);
            return fromEnvironment && text is not null ? ConfigValues.FromEnvironment(text) : text;
        }

        var values = childKeys.Select(key => new KeyValuePair<string, object?>(key, Rebuild(provider, ConfigurationPath.Combine(path, key), fromEnvironment))).ToList();
        if (IsList(childKeys))
        {
            return new ReadOnlyCollection<object?>(values
                .OrderBy(pair => int.Parse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture))
                .Select(pair => pair.Value).ToList());
        }

        var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            dictionary[key] = value;
        }

        return new ReadOnlyDictionary<string, object?>(dictionary);
    }

    // Children numbered 0..n-1 are an array's elements.
    private static bool IsList(List<string> keys)
    {
        var seen = new bool[keys.Count];
        foreach (var key in keys)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                index >= keys.Count || seen[index] || key != index.ToString(CultureInfo.InvariantCulture))
            {
                return false;
            }

            seen[index] = true;
        }

        return true;
    }

    /// <summary>Stops following provider reloads and disposes the providers.</summary>
    public void Dispose()
    {
        _changeRegistration.Dispose();
        _manager.Dispose();
    }
}
