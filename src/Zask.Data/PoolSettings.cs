using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zask.Data;

/// <summary>
/// SQLAlchemy's engine pool settings, mapped onto the provider's connection-string options.
/// </summary>
internal sealed record PoolSettings(int? Size, int? Timeout, int? Recycle, int? MaxOverflow)
{
    // SQLAlchemy's QueuePool defaults, used when only one of size / overflow is configured.
    private const int DefaultSize = 5;
    private const int DefaultOverflow = 10;

    public static PoolSettings FromConfig(Config config) => new(
        ReadInt(config, DataConfigKeys.PoolSize),
        ReadInt(config, DataConfigKeys.PoolTimeout),
        ReadInt(config, DataConfigKeys.PoolRecycle),
        ReadInt(config, DataConfigKeys.MaxOverflow));

    /// <summary>The connection string of <paramref name="uri"/> with these settings applied.</summary>
    public string Apply(DatabaseUri uri)
    {
        if (uri.Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(uri.ConnectionString);
            // SQLite has no server-side pool to size; a pool size of 0 (no pooling in SQLAlchemy terms) turns
            // Microsoft.Data.Sqlite's connection reuse off.
            if (Size == 0)
            {
                sqlite.Pooling = false;
            }
            return sqlite.ConnectionString;
        }

        var npgsql = new NpgsqlConnectionStringBuilder(uri.ConnectionString);
        if (Size is not null || MaxOverflow is not null)
        {
            var size = Size ?? DefaultSize;
            var overflow = MaxOverflow ?? DefaultOverflow;
            if (size == 0)
            {
                npgsql.Pooling = false;
            }
            else
            {
                // SQLAlchemy may open size + overflow connections at most; a negative overflow means no limit, which
                // Npgsql caps at its own default.
                npgsql.MaxPoolSize = overflow < 0 ? Math.Max(size, npgsql.MaxPoolSize) : size + overflow;
                npgsql.MinPoolSize = Math.Min(npgsql.MinPoolSize, npgsql.MaxPoolSize);
            }
        }
        if (Timeout is { } timeout)
        {
            // Npgsql's Timeout bounds both connecting and waiting for a free pooled connection.
            npgsql.Timeout = timeout;
        }
        if (Recycle is { } recycle)
        {
            npgsql.ConnectionLifetime = recycle < 0 ? 0 : recycle;
        }
        return npgsql.ConnectionString;
    }

    private static int? ReadInt(Config config, string key)
    {
        try
        {
            // The config's one rule for numbers: 30 and "30" read, true, 2.5 and "thirty" do not.
            return config.GetValueOrDefault<int?>(key, null);
        }
        catch (ConfigTypeException ex)
        {
            throw new DatabaseConfigException(key, $"expected a whole number, got {ex.ActualValue switch { string text => $"\"{text}\"", var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) }}", ex);
        }
    }
}
