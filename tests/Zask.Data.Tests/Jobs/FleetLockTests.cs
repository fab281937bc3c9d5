using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Zask.Data.Jobs;

namespace Zask.Data.Tests.Jobs;

/// <summary>Jobs on an app with Zask.Data: a session per run, and once-per-fleet jobs locked in the database.</summary>
public sealed class FleetLockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, 250, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Instances_sharing_a_database_run_each_tick_of_a_fleet_job_exactly_once(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("fleet");
        var time = new FakeTimeProvider(Start);
        var runs = new ConcurrentQueue<(DateTimeOffset Tick, string Instance)>();
        var apps = new List<ZaskApp>();
        foreach (var instance in new[] { "a", "b", "c" })
        {
            var app = env.App(uri);
            env.Db(app);
            app.Services.AddSingleton<TimeProvider>(time);
            app.Jobs.Every("invoices", TimeSpan.FromSeconds(1), job =>
            {
                runs.Enqueue((job.Tick, instance));
                return Task.CompletedTask;
            }).OncePerFleet();
            apps.Add(app);
        }
        foreach (var app in apps)
        {
            await app.StartAsync();
        }

        time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => runs.Count == 1, "the first tick to run somewhere");
        for (var tick = 2; tick <= 4; tick++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var expected = tick;
            await Eventually.True(() => runs.Count == expected, $"tick {expected} to run somewhere");
        }
        foreach (var app in apps)
        {
            await app.StopAsync();
        }

        runs.Select(r => r.Tick).Should().OnlyHaveUniqueItems().And.HaveCount(4, "every tick ran on one instance, none twice");
        runs.Select(r => r.Tick).Should().BeEquivalentTo(Enumerable.Range(1, 4).Select(i => new DateTimeOffset(2026, 3, 1, 8, 0, i, TimeSpan.Zero)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_tick_is_claimed_once_even_after_its_run_ended(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("claims");
        var first = new DatabaseFleetLock(env.Db(env.App(uri)));
        var second = new DatabaseFleetLock(env.Db(env.App(uri)));
        var tick = new DateTimeOffset(2026, 3, 1, 8, 0, 1, TimeSpan.Zero);

        var claim = await first.TryClaimAsync("report", tick, CancellationToken.None);
        claim.Should().NotBeNull();
        (await second.TryClaimAsync("report", tick, CancellationToken.None)).Should().BeNull("the tick is taken");
        await claim!.DisposeAsync();
        (await second.TryClaimAsync("report", tick, CancellationToken.None)).Should().BeNull("a tick runs once, even after its run");
        var other = await second.TryClaimAsync("other_job", tick, CancellationToken.None);
        other.Should().NotBeNull("each job has its own ticks");
        await other!.DisposeAsync();
        var next = await second.TryClaimAsync("report", tick.AddSeconds(1), CancellationToken.None);
        next.Should().NotBeNull("the next tick is free");
        await next!.DisposeAsync();
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_running_job_keeps_the_other_instances_from_starting_it(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("running");
        var first = new DatabaseFleetLock(env.Db(env.App(uri)));
        var second = new DatabaseFleetLock(env.Db(env.App(uri)));
        var tick = new DateTimeOffset(2026, 3, 1, 8, 0, 1, TimeSpan.Zero);

        var running = await first.TryClaimAsync("rebuild", tick, CancellationToken.None);
        running.Should().NotBeNull();
        (await second.TryClaimAsync("rebuild", tick.AddSeconds(1), CancellationToken.None)).Should().BeNull("tick 1 still runs");
        await running!.DisposeAsync();
        var later = await second.TryClaimAsync("rebuild", tick.AddSeconds(2), CancellationToken.None);
        later.Should().NotBeNull("the lock went with the run");
        await later!.DisposeAsync();
    }

    [Theory, SqliteData]
    public async Task On_sqlite_a_running_jobs_lease_is_renewed_past_its_first_expiry(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("lease");
        var settings = new Dictionary<string, object?> { ["JOBS_FLEET_LEASE"] = 3 };
        var first = new DatabaseFleetLock(env.Db(env.App(uri, settings: settings)));
        var second = new DatabaseFleetLock(env.Db(env.App(uri, settings: settings)));
        var connectionString = DatabaseUri.Parse(uri, env.Root).ConnectionString;
        var tick = new DateTimeOffset(2026, 3, 1, 8, 0, 1, TimeSpan.Zero);

        var running = await first.TryClaimAsync("rebuild", tick, CancellationToken.None);
        running.Should().NotBeNull();
        var firstExpiry = (await LockRowAsync(connectionString, "rebuild"))!.Value.Expires;
        // Past the first lease, with a renewed one still a second or more ahead.
        await Eventually.True(async () =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return now > firstExpiry && (await LockRowAsync(connectionString, "rebuild"))!.Value.Expires > now + 1000;
        }, "the lease to be renewed past its first expiry", TimeSpan.FromSeconds(60));
        (await second.TryClaimAsync("rebuild", tick.AddSeconds(5), CancellationToken.None)).Should().BeNull("the renewed lease still holds");

        await running!.DisposeAsync();
        (await LockRowAsync(connectionString, "rebuild")).Should().BeNull("the run's end deletes its lock");
        var later = await second.TryClaimAsync("rebuild", tick.AddSeconds(6), CancellationToken.None);
        later.Should().NotBeNull("the lock went with the run");
        await later!.DisposeAsync();
    }

    [Theory, SqliteData]
    public async Task On_sqlite_a_lock_left_by_a_dead_holder_blocks_the_job_until_its_lease_ran_out(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("stale");
        var fleetLock = new DatabaseFleetLock(env.Db(env.App(uri)));
        var connectionString = DatabaseUri.Parse(uri, env.Root).ConnectionString;
        var tick = new DateTimeOffset(2026, 3, 1, 8, 0, 1, TimeSpan.Zero);
        // The tables, as any first claim makes them.
        await (await fleetLock.TryClaimAsync("warm_up", tick, CancellationToken.None))!.DisposeAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await SqliteExecuteAsync(connectionString, $"INSERT INTO {DatabaseFleetLock.LockTableName} VALUES ('report', 'dead:1', {now + 60_000})");
        (await fleetLock.TryClaimAsync("report", tick, CancellationToken.None)).Should().BeNull("the dead holder's lease has a minute to go");

        await SqliteExecuteAsync(connectionString, $"UPDATE {DatabaseFleetLock.LockTableName} SET expires_unix_ms = {now - 1} WHERE job = 'report'");
        var claim = await fleetLock.TryClaimAsync("report", tick.AddSeconds(1), CancellationToken.None);
        claim.Should().NotBeNull("the lease ran out");
        (await LockRowAsync(connectionString, "report"))!.Value.Owner.Should().NotBe("dead:1");
        await claim!.DisposeAsync();
    }

    [Theory, SqliteData]
    public async Task On_sqlite_a_holder_whose_lease_was_taken_says_so_and_leaves_the_new_owners_lock_alone(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("lost");
        var logger = new ListLogger();
        var fleetLock = new DatabaseFleetLock(env.Db(env.App(uri, settings: new Dictionary<string, object?> { ["JOBS_FLEET_LEASE"] = 3 })), logger);
        var connectionString = DatabaseUri.Parse(uri, env.Root).ConnectionString;
        var tick = new DateTimeOffset(2026, 3, 1, 8, 0, 1, TimeSpan.Zero);

        var claim = await fleetLock.TryClaimAsync("rebuild", tick, CancellationToken.None);
        claim.Should().NotBeNull();
        // What another instance does when this one's lease ran out while it was frozen.
        await SqliteExecuteAsync(connectionString, $"UPDATE {DatabaseFleetLock.LockTableName} SET owner = 'other:1' WHERE job = 'rebuild'");

        await Eventually.True(() => logger.Messages.Any(m => m.StartsWith("Job rebuild lost its fleet lock", StringComparison.Ordinal)),
            "the renewal to find the lease taken", TimeSpan.FromSeconds(60));
        await claim!.DisposeAsync();
        (await LockRowAsync(connectionString, "rebuild"))!.Value.Owner.Should().Be("other:1", "the end of the run deletes only its own lock");
    }

    [Theory, SqliteData]
    public void A_malformed_lease_stops_the_app_naming_the_key(DbKind kind)
    {
        using var env = new DataEnv(kind);
        foreach (var bad in new object[] { 0, "soon", 2.5 })
        {
            var app = env.App(env.NewUri("bad"), settings: new Dictionary<string, object?> { ["JOBS_FLEET_LEASE"] = bad });
            FluentActions.Invoking(() => env.Db(app)).Should().Throw<DatabaseConfigException>().WithMessage("*JOBS_FLEET_LEASE*");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Each_run_gets_its_own_session_ended_when_the_run_ends(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("session"));
        var db = env.Db(app, typeof(User));
        db.CreateAll();
        var time = new FakeTimeProvider(Start);
        app.Services.AddSingleton<TimeProvider>(time);
        var sessions = new ConcurrentQueue<ZaskSession>();
        // A session left in the starting code's flow must not leak into the runs.
        var mainSession = db.Session;
        app.Jobs.Every("add_user", TimeSpan.FromSeconds(1), async job =>
        {
            sessions.Enqueue(db.Session);
            db.Session.Add(new User { Username = $"user{sessions.Count}", Email = "u@example.com" });
            await db.Session.CommitAsync(job.CancellationToken);
        });
        await app.StartAsync();

        time.Advance(TimeSpan.FromMilliseconds(750));
        await Eventually.True(() => sessions.Count == 1, "the first run");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => sessions.Count == 2 && sessions.All(s => s.IsDisposed), "two runs, their sessions ended");
        await app.StopAsync();

        sessions.Should().OnlyHaveUniqueItems().And.NotContain(mainSession);
        mainSession.IsDisposed.Should().BeFalse();
        DataEnv.Count<User>(db).Should().Be(2);
    }

    private static async Task<(string Owner, long Expires)?> LockRowAsync(string connectionString, string job)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT owner, expires_unix_ms FROM {DatabaseFleetLock.LockTableName} WHERE job = @job";
        command.Parameters.AddWithValue("job", job);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    private static async Task SqliteExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
