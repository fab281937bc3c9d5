using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Zask.Data;

/// <summary>
/// What SQLAlchemy calls an engine: one bind's connection string and EF options. For an in-memory SQLite database
/// it keeps one connection open so the data outlives every session.
/// </summary>
internal sealed class BindEngine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger? _echo;
    private readonly Assembly? _migrationsAssembly;
    private DbContextOptions? _options;
    private SqliteConnection? _keeper;
    private bool _disposed;

    public BindEngine(string? key, DatabaseUri uri, string connectionString, ILogger? echo, Assembly? migrationsAssembly)
    {
        Key = key;
        Uri = uri;
        ConnectionString = connectionString;
        _echo = echo;
        _migrationsAssembly = migrationsAssembly;
    }

    public string? Key { get; }

    public DatabaseUri Uri { get; }

    public string ConnectionString { get; }

    public string ConfigKey => Key is null ? DataConfigKeys.DatabaseUri : $"{DataConfigKeys.Binds}:{Key}";

    /// <summary>Migrations of each bind keep their own history table, so binds sharing a database do not mix.</summary>
    public string MigrationsHistoryTable => Key is null ? HistoryRepository.DefaultTableName : $"{HistoryRepository.DefaultTableName}_{Key}";

    public DbContextOptions Options
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (Uri.IsInMemory && _keeper is null)
                {
                    _keeper = new SqliteConnection(ConnectionString);
                    _keeper.Open();
                }
                return _options ??= BuildOptions();
            }
        }
    }

    private DbContextOptions BuildOptions()
    {
        var builder = new DbContextOptionsBuilder<BindDbContext>();
        var assemblyName = _migrationsAssembly?.GetName().Name;
        if (Uri.Provider == DatabaseProvider.Sqlite)
        {
            builder.UseSqlite(ConnectionString, o =>
            {
                o.MigrationsHistoryTable(MigrationsHistoryTable);
                if (assemblyName is not null)
                {
                    o.MigrationsAssembly(assemblyName);
                }
            });
        }
        else
        {
            builder.UseNpgsql(ConnectionString, o =>
            {
                o.MigrationsHistoryTable(MigrationsHistoryTable);
                if (assemblyName is not null)
                {
                    o.MigrationsAssembly(assemblyName);
                }
            });
        }
        builder.ReplaceService<IModelCacheKeyFactory, BindModelCacheKeyFactory>();
        builder.ReplaceService<IMigrationsAssembly, BindMigrationsAssembly>();
        // Each distinct option set (echo on or off, provider) gets its own EF service provider; many ZaskDb
        // instances in one process (tests, several apps) are expected, not a leak.
        builder.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        if (_echo is { } echo)
        {
            builder.LogTo(
                (id, _) => id.Id == RelationalEventId.CommandExecuted.Id,
                data =>
                {
                    if (data is CommandExecutedEventData executed)
                    {
                        DataLog.SqlExecuted(echo, executed.Duration.TotalMilliseconds, Key ?? "default", executed.Command.CommandText);
                    }
                });
        }
        return builder.Options;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _keeper?.Dispose();
            _keeper = null;
        }
        // Pooled connections would keep files open and server sessions alive after the app is gone.
        if (Uri.Provider == DatabaseProvider.Sqlite)
        {
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
