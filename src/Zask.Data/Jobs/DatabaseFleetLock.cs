using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Zask.Jobs;

namespace Zask.Data.Jobs;

/// <summary>
/// The fleet lock of once-per-fleet jobs, in the app's default database. Every tick a job runs for is recorded in
/// the <c>zask_job_ticks</c> table (job, tick, instance), inserted only if absent, so a tick is claimed by one
/// instance at most; an instance killed while running its tick leaves nothing to wait for, since the next tick is
/// a new row. On PostgreSQL the claim also takes a session advisory lock keyed by the job's name on a connection of
/// its own (no pool), held for the whole run: a run that outlasts its interval keeps every other instance from
/// starting the job, and a killed holder's lock goes with its connection.
/// </summary>
internal sealed class DatabaseFleetLock(ZaskDb db) : IFleetLock
{
    /// <summary>The table of claimed ticks.</summary>
    public const string TableName = "zask_job_ticks";

    // Claims older than this are deleted as new ones are made; a tick is never claimed again that late.
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(2);

    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    private readonly SemaphoreSlim _tableGate = new(1, 1);
    private volatile bool _tableReady;

    public async Task<IAsyncDisposable?> TryClaimAsync(string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var engine = db.Engine(null);
        var postgres = engine.Uri.Provider == DatabaseProvider.PostgreSql;
        if (!postgres)
        {
            // An in-memory database lives while its keeper connection is open.
            _ = engine.Options;
        }
        DbConnection connection = postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(engine.ConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection(engine.ConnectionString);
        HeldLock? held = null;
        IAsyncDisposable? claim = null;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (postgres)
            {
                if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", cancellationToken, ("key", LockKey(jobName))).ConfigureAwait(false))
                {
                    return null;
                }
                held = new HeldLock(connection, LockKey(jobName));
            }
            await EnsureTableAsync(connection, postgres, cancellationToken).ConfigureAwait(false);
            var insert = postgres
                ? $"INSERT INTO {TableName} (job, tick_unix_ms, instance) VALUES (@job, @tick, @instance) ON CONFLICT DO NOTHING"
                : $"INSERT OR IGNORE INTO {TableName} (job, tick_unix_ms, instance) VALUES (@job, @tick, @instance)";
            var tickMs = tick.ToUnixTimeMilliseconds();
            if (await ExecuteAsync(connection, insert, cancellationToken, ("job", jobName), ("tick", tickMs), ("instance", Instance)).ConfigureAwait(false) != 1)
            {
                return null;
            }
            await ExecuteAsync(connection, $"DELETE FROM {TableName} WHERE job = @job AND tick_unix_ms < @old", cancellationToken,
                ("job", jobName), ("old", tickMs - (long)KeptFor.TotalMilliseconds)).ConfigureAwait(false);
            claim = held is null ? NoHold.Instance : held;
            return claim;
        }
        finally
        {
            if (held is not null && claim is null)
            {
                // Not claimed, or failed: the lock taken is released now, not when the server notices the close.
                try
                {
                    await held.DisposeAsync().ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // The connection broke: the server ends its session, and the lock with it.
                }
            }
            else if (held is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A stable 64-bit key for the job's advisory lock, the same in every process.</summary>
    internal static long LockKey(string jobName) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("zask.job:" + jobName)), 0);

    private async Task EnsureTableAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        if (_tableReady)
        {
            return;
        }
        await _tableGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tableReady)
            {
                return;
            }
            var create = $"CREATE TABLE IF NOT EXISTS {TableName} (job TEXT NOT NULL, tick_unix_ms BIGINT NOT NULL, instance TEXT NOT NULL, PRIMARY KEY (job, tick_unix_ms))";
            if (postgres)
            {
                // Two instances creating the table at once would collide in the catalog: one at a time.
                create = $"SELECT pg_advisory_xact_lock({LockKey("")}); {create}";
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, create, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(connection, create, cancellationToken).ConfigureAwait(false);
            }
            _tableReady = true;
        }
        finally
        {
            _tableGate.Release();
        }
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A PostgreSQL claim: the advisory lock, held by its own connection for the run.</summary>
    private sealed class HeldLock(DbConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Unlocked before closing: the server ends a closed connection's session a moment later, and another
                // instance asking meanwhile would still find the job locked.
                await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", key)).ConfigureAwait(false);
            }
            finally
            {
                // Closing the unpooled connection ends its session, and with it the lock if the unlock failed.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A SQLite claim: the row is the whole claim, nothing is held during the run.</summary>
    private sealed class NoHold : IAsyncDisposable
    {
        public static readonly NoHold Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
