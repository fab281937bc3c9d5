using Npgsql;

namespace Zask.Data.Tests.Support;

/// <summary>Creates and drops throwaway databases on the test PostgreSQL server.</summary>
public static class PostgresAdmin
{
    public static string? ServerUri => Environment.GetEnvironmentVariable(Requirement.PostgresUriVariable);

    private static string AdminConnectionString()
    {
        Requirement.Postgres.EnsureMet();
        var uri = DatabaseUri.Parse(ServerUri!, "/");
        return new NpgsqlConnectionStringBuilder(uri.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
    }

    /// <summary>Creates a uniquely named database and returns its URI.</summary>
    public static string CreateDatabase(string label)
    {
        var name = $"zt_{label.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        Execute($"CREATE DATABASE \"{name}\"");
        var server = new Uri(ServerUri!);
        return $"postgresql://{server.UserInfo}{(server.UserInfo.Length > 0 ? "@" : "")}{server.Host}:{server.Port}/{name}";
    }

    public static void DropDatabase(string name) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
