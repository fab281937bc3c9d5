namespace Zask.Data.Tests.Support;

/// <summary>The database engines every data test runs against.</summary>
public enum DbKind
{
    Sqlite,
    Postgres,
}
