using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Zask.Data.Tests;

/// <summary>One health check per configured database, each asking its own database, against real databases.</summary>
public class HealthCheckTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Each_database_has_its_check_and_a_bind_that_goes_away_is_unhealthy_alone(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var usersUri = env.NewUri("users");
        var app = env.App(env.NewUri("main"), new Dictionary<string, object?> { ["users"] = usersUri });
        using var db = env.Db(app, typeof(User), typeof(AdminUser));
        db.CreateAll();
        app.Build();
        var health = app.ServiceProvider.GetRequiredService<HealthCheckService>();

        var healthy = await health.CheckHealthAsync();
        healthy.Entries.Keys.Should().BeEquivalentTo("database", "database:users");
        healthy.Status.Should().Be(HealthStatus.Healthy);

        TakeAway(env, usersUri);

        var report = await health.CheckHealthAsync();
        report.Entries["database:users"].Status.Should().Be(HealthStatus.Unhealthy, "the users database is gone");
        report.Entries["database"].Status.Should().Be(HealthStatus.Healthy, "the default database is still there");
        report.Status.Should().Be(HealthStatus.Unhealthy);
    }

    /// <summary>Makes the database at <paramref name="uri"/> go away: its SQLite file deleted, its PostgreSQL database dropped.</summary>
    private static void TakeAway(DataEnv env, string uri)
    {
        if (env.Kind == DbKind.Sqlite)
        {
            // Pooled connections would keep the deleted file open.
            SqliteConnection.ClearAllPools();
            var file = Path.Combine(env.Root, "users.db");
            File.Exists(file).Should().BeTrue("{0} is that file", uri);
            File.Delete(file);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        PostgresAdmin.DropDatabase(new Uri(uri).AbsolutePath.Trim('/'));
    }
}
