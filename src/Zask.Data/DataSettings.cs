namespace Zask.Data;

/// <summary>
/// The database settings of an app's config, read and checked at once: the default URI, the binds' URIs, the
/// read-only binds, the pool settings, whether SQL is echoed and the lease of a SQLite fleet lock. A malformed value
/// fails naming its key.
/// </summary>
internal sealed record DataSettings(
    DatabaseUri DefaultUri, IReadOnlyDictionary<string, DatabaseUri> Binds, IReadOnlyList<string> ReadOnlyBinds, PoolSettings Pool, bool Echo,
    TimeSpan FleetLease)
{
    /// <summary>The default of <see cref="DataConfigKeys.FleetLease"/>, in seconds.</summary>
    public const int DefaultFleetLeaseSeconds = 30;

    /// <summary>Those of Flask-SQLAlchemy; only the data extension reads them, so only it declares them.</summary>
    public static IReadOnlyDictionary<string, object?> Defaults { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [DataConfigKeys.DatabaseUri] = "sqlite://",
            [DataConfigKeys.Binds] = null,
            [DataConfigKeys.Echo] = false,
            [DataConfigKeys.PoolSize] = null,
            [DataConfigKeys.PoolTimeout] = null,
            [DataConfigKeys.PoolRecycle] = 3600L,
            [DataConfigKeys.MaxOverflow] = null,
            [DataConfigKeys.FleetLease] = DefaultFleetLeaseSeconds,
        });

    /// <summary>Reads the settings; relative SQLite paths are resolved against <paramref name="rootPath"/>.</summary>
    /// <exception cref="DatabaseConfigException">A URI or setting is malformed, unsupported or names an unknown bind.</exception>
    public static DataSettings Read(Config config, string rootPath)
    {
        var pool = PoolSettings.FromConfig(config);
        var echo = ReadEcho(config);
        var defaultUri = DatabaseUri.Parse(ReadUri(config.TryGetValue(DataConfigKeys.DatabaseUri, out var raw) ? raw : null, DataConfigKeys.DatabaseUri), rootPath);
        var binds = new Dictionary<string, DatabaseUri>(StringComparer.Ordinal);
        foreach (var (key, value) in ReadBinds(config))
        {
            var configKey = $"{DataConfigKeys.Binds}:{key}";
            binds[key] = DatabaseUri.Parse(ReadUri(value, configKey), rootPath, configKey);
        }
        var readOnly = ReadReadOnlyBinds(config).ToList();
        foreach (var key in readOnly)
        {
            if (!binds.ContainsKey(key))
            {
                throw new DatabaseConfigException($"{DataConfigKeys.ReadOnlyBinds}", $"bind '{key}' is not configured in {DataConfigKeys.Binds}");
            }
        }
        return new DataSettings(defaultUri, binds, readOnly, pool, echo, ReadFleetLease(config));
    }

    private static TimeSpan ReadFleetLease(Config config)
    {
        int seconds;
        try
        {
            seconds = config.GetValueOrDefault(DataConfigKeys.FleetLease, DefaultFleetLeaseSeconds);
        }
        catch (ConfigTypeException ex)
        {
            throw new DatabaseConfigException(DataConfigKeys.FleetLease, "expected a whole number of seconds", ex);
        }
        return seconds >= 1
            ? TimeSpan.FromSeconds(seconds)
            : throw new DatabaseConfigException(DataConfigKeys.FleetLease, $"expected at least 1 second, got {seconds}");
    }

    private static bool ReadEcho(Config config)
    {
        try
        {
            return config.GetValueOrDefault(DataConfigKeys.Echo, false);
        }
        catch (ConfigException ex)
        {
            throw new DatabaseConfigException(DataConfigKeys.Echo, "expected true or false", ex);
        }
    }

    private static string? ReadUri(object? value, string configKey) => value switch
    {
        null => null,
        string s => s,
        IReadOnlyDictionary<string, object?> map => map.TryGetValue("url", out var url) && url is string u ? u
            : throw new DatabaseConfigException(configKey, "a bind given as an object needs a \"url\" string"),
        IDictionary<string, object?> map => map.TryGetValue("url", out var url) && url is string u ? u
            : throw new DatabaseConfigException(configKey, "a bind given as an object needs a \"url\" string"),
        IDictionary<string, string> map => map.TryGetValue("url", out var u) ? u
            : throw new DatabaseConfigException(configKey, "a bind given as an object needs a \"url\" string"),
        _ => throw new DatabaseConfigException(configKey, $"expected a database URI string, got {value.GetType().Name}"),
    };

    private static IEnumerable<KeyValuePair<string, object?>> ReadBinds(Config config)
    {
        if (!config.TryGetValue(DataConfigKeys.Binds, out var raw) || raw is null)
        {
            return [];
        }
        return raw switch
        {
            IReadOnlyDictionary<string, object?> map => map,
            IDictionary<string, object?> map => map,
            IDictionary<string, string> map => map.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)),
            _ => throw new DatabaseConfigException(DataConfigKeys.Binds, $"expected an object mapping bind keys to URIs, got {raw.GetType().Name}"),
        };
    }

    private static IEnumerable<string> ReadReadOnlyBinds(Config config)
    {
        if (!config.TryGetValue(DataConfigKeys.ReadOnlyBinds, out var raw) || raw is null)
        {
            return [];
        }
        return raw switch
        {
            string single => [single],
            IEnumerable<object?> list => list.Select(item => item as string
                ?? throw new DatabaseConfigException(DataConfigKeys.ReadOnlyBinds, "expected a list of bind keys")),
            _ => throw new DatabaseConfigException(DataConfigKeys.ReadOnlyBinds, $"expected a list of bind keys, got {raw.GetType().Name}"),
        };
    }
}
