using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zask.Jobs;

namespace Zask.Data.Jobs;

/// <summary>
/// The fleet lock of once-per-fleet jobs, in the app's default database. Every tick a job runs for is recorded in
/// the <c>zask_job_ticks</c> table (job, tick, instance), inserted only if absent, so a tick is claimed by one
/// instance at most; an instance killed while running its tick leaves nothing to wait for, since the next tick is
/// a new row. The claim also locks the job for the whole run, so a run that outlasts its interval keeps every other
/// instance from starting the job:
/// <list type="bullet">
/// <item>On PostgreSQL, a session advisory lock keyed by the job's name on a connection of its own (no pool); a
/// killed holder's lock goes with its connection.</item>
/// <item>On SQLite, a row of <c>zask_job_locks</c> (job, owner, lease expiry) in the database file, written in the
/// same <c>BEGIN IMMEDIATE</c> transaction as the tick, renewed while the job runs and deleted when it ends; a killed
/// holder stops renewing, and its lease (<c>JOBS_FLEET_LEASE</c>) runs out.</item>
/// </list>
/// </summary>
/// <remarks>
/// SQLite has no lock that outlives a transaction other than the file locks it takes for its own transactions, and
/// holding a transaction open for a run would block every writer of the app. A lock on a side file would be released
/// by the OS at once when its holder dies, but .NET's file locks are advisory <c>flock</c>s on Unix that
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns off silently, and they would put the lock outside the database
/// the fleet shares. A lease row is in the database file itself and fails safe: at worst a killed holder blocks the
/// job for one lease. Leases compare wall-clock times of the instances, which share a SQLite file, so one machine's
/// clock.
/// </remarks>
/// <param name="db">The app's database extension.</param>
/// <param name="logger">Where a lost lease is reported; the app's <c>Zask.Jobs</c> category when null.</param>
internal sealed class DatabaseFleetLock(ZaskDb db, ILogger? logger = null) : IFleetLock
{
    /// <summary>The table of claimed ticks.</summary>
    public const string TableName = "zask_job_ticks";

    /// <summary>The table of SQLite job locks.</summary>
    public const string LockTableName = "zask_job_locks";

    // Claims older than this are deleted as new ones are made; a tick is never claimed again that late.
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(2);

    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    private readonly SemaphoreSlim _tableGate = new(1, 1);
    private volatile bool _tableReady;
    private ILogger? _logger = logger;

    private ILogger Logger => _logger ??= db.App.LoggerFactory.CreateLogger("Zask.Jobs");

    public async Task<IAsyncDisposable?> TryClaimAsync(string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        var engine = db.Engine(null);
        return engine.Uri.Provider == DatabaseProvider.PostgreSql
            ? await ClaimOnPostgresAsync(engine.ConnectionString, jobName, tick, cancellationToken).ConfigureAwait(false)
            : await ClaimOnSqliteAsync(engine, jobName, tick, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IAsyncDisposable?> ClaimOnPostgresAsync(string connectionString, string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        HeldLock? held = null;
        IAsyncDisposable? claim = null;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", cancellationToken, ("key", LockKey(jobName))).ConfigureAwait(false))
            {
                return null;
            }
            held = new HeldLock(connection, LockKey(jobName));
            await EnsureTablesAsync(connection, postgres: true, cancellationToken).ConfigureAwait(false);
            var insert = $"INSERT INTO {TableName} (job, tick_unix_ms, instance) VALUES (@job, @tick, @instance) ON CONFLICT DO NOTHING";
            if (!await InsertTickAsync(connection, insert, jobName, tick, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            claim = held;
            return claim;
        }
        finally
        {
            if (held is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (claim is null)
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
        }
    }

    private async Task<IAsyncDisposable?> ClaimOnSqliteAsync(BindEngine engine, string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        // An in-memory database lives while its keeper connection is open.
        _ = engine.Options;
        // Unpooled: a connection whose transaction could not be rolled back is closed, not handed to someone else.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(engine.ConnectionString) { Pooling = false }.ConnectionString);
        SqliteLease? lease = null;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureTablesAsync(connection, postgres: false, cancellationToken).ConfigureAwait(false);
            var owner = $"{Instance}:{Guid.NewGuid():N}";
            var leaseFor = db.FleetLease;
            // IMMEDIATE takes the file's write lock at once: two instances cannot both read the lock as free.
            await ExecuteAsync(connection, "BEGIN IMMEDIATE", cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var expiry = await ScalarAsync<object?>(connection, $"SELECT expires_unix_ms FROM {LockTableName} WHERE job = @job", cancellationToken,
                    ("job", jobName)).ConfigureAwait(false);
                if (expiry is long expires && expires > now)
                {
                    return null;
                }
                var insert = $"INSERT OR IGNORE INTO {TableName} (job, tick_unix_ms, instance) VALUES (@job, @tick, @instance)";
                if (!await InsertTickAsync(connection, insert, jobName, tick, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
                await ExecuteAsync(connection,
                    $"INSERT INTO {LockTableName} (job, owner, expires_unix_ms) VALUES (@job, @owner, @expires) " +
                    "ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, expires_unix_ms = excluded.expires_unix_ms",
                    cancellationToken, ("job", jobName), ("owner", owner), ("expires", now + (long)leaseFor.TotalMilliseconds)).ConfigureAwait(false);
                await ExecuteAsync(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            finally
            {
                if (!committed)
                {
                    await RollbackAsync(connection).ConfigureAwait(false);
                }
            }
            lease = new SqliteLease(connection, jobName, owner, leaseFor, Logger);
            return lease;
        }
        finally
        {
            if (lease is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Inserts the tick's row; false when it was there already. Old rows of the job go at the same time.</summary>
    private static async Task<bool> InsertTickAsync(DbConnection connection, string insert, string jobName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var tickMs = tick.ToUnixTimeMilliseconds();
        if (await ExecuteAsync(connection, insert, cancellationToken, ("job", jobName), ("tick", tickMs), ("instance", Instance)).ConfigureAwait(false) != 1)
        {
            return false;
        }
        await ExecuteAsync(connection, $"DELETE FROM {TableName} WHERE job = @job AND tick_unix_ms < @old", cancellationToken,
            ("job", jobName), ("old", tickMs - (long)KeptFor.TotalMilliseconds)).ConfigureAwait(false);
        return true;
    }

    private static async Task RollbackAsync(DbConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // SQLite already rolled back (a failed statement can end the transaction); the connection is closed next.
        }
    }

    /// <summary>A stable 64-bit key for the job's advisory lock, the same in every process.</summary>
    internal static long LockKey(string jobName) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("zask.job:" + jobName)), 0);

    private async Task EnsureTablesAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
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
                create += $"; CREATE TABLE IF NOT EXISTS {LockTableName} (job TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_unix_ms BIGINT NOT NULL)";
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

    /// <summary>
    /// A SQLite claim: the job's row in <see cref="LockTableName"/>, its lease renewed a third of the way through, so
    /// two renewals can fail (the file busy...) before another instance may take it. Deleted when the run ends.
    /// </summary>
    private sealed class SqliteLease : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly string _job;
        private readonly string _owner;
        private readonly TimeSpan _lease;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _ending = new();
        private readonly Task _renewing;

        public SqliteLease(SqliteConnection connection, string job, string owner, TimeSpan lease, ILogger logger)
        {
            _logger = logger;
            _connection = connection;
            _job = job;
            _owner = owner;
            _lease = lease;
            _renewing = Task.Run(RenewAsync, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await _ending.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _ending.Dispose();
            try
            {
                await ExecuteAsync(_connection, $"DELETE FROM {LockTableName} WHERE job = @job AND owner = @owner", CancellationToken.None,
                    ("job", _job), ("owner", _owner)).ConfigureAwait(false);
            }
            finally
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task RenewAsync()
        {
            using var timer = new PeriodicTimer(_lease / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_ending.Token).ConfigureAwait(false))
                {
                    try
                    {
                        var expires = DateTimeOffset.UtcNow.Add(_lease).ToUnixTimeMilliseconds();
                        var renewed = await ExecuteAsync(_connection, $"UPDATE {LockTableName} SET expires_unix_ms = @expires WHERE job = @job AND owner = @owner",
                            _ending.Token, ("expires", expires), ("job", _job), ("owner", _owner)).ConfigureAwait(false);
                        if (renewed == 0)
                        {
                            // Another instance took the expired lease (this one was frozen or starved): said once, and
                            // never taken back from it.
                            FleetLockLog.LeaseLost(_logger, _job);
                            return;
                        }
                    }
                    catch (DbException)
                    {
                        // Tried again at the next period; the lease lasts three of them.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run ended.
            }
        }
    }
}
