using System.Reflection;
using Xunit.Sdk;

namespace Zask.Data.Tests.Support;

/// <summary>
/// Runs a theory with <see cref="DbKind.Postgres"/>; skipped with the reason (never passed) without a PostgreSQL
/// server (<see cref="Requirement.Postgres"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        Skip = Requirement.Postgres.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DbKind.Postgres]];
}
