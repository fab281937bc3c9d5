namespace Zask.Reliability.Tests.Support;

/// <summary>A test that needs a PostgreSQL server (<see cref="Requirement.Postgres"/>); skipped with the reason without it.</summary>
public sealed class PostgresFactAttribute : RequirementFactAttribute
{
    public PostgresFactAttribute()
        : base(Requirement.Postgres)
    {
    }
}
