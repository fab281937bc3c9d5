namespace Zask.Data;

/// <summary>
/// Assigns a migration or model snapshot to a bind. Without it, a migration belongs to the bind whose key matches
/// the last segment of its namespace (<c>MyApp.Migrations.Users</c> → <c>users</c>), else to the default database.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class MigrationBindAttribute : Attribute
{
    /// <summary>Assigns the migration to <paramref name="key"/> (<c>null</c>: the default database).</summary>
    /// <param name="key">The bind key.</param>
    public MigrationBindAttribute(string? key) => Key = key;

    /// <summary>The bind key, or <c>null</c> for the default database.</summary>
    public string? Key { get; }
}
