namespace Zask.Data;

/// <summary>The database engines a URI can name.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite (<c>sqlite://</c>), through Microsoft.Data.Sqlite.</summary>
    Sqlite,

    /// <summary>PostgreSQL (<c>postgresql://</c> or <c>postgres://</c>), through Npgsql.</summary>
    PostgreSql,
}
