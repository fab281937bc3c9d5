using System.Reflection;
using Xunit.Sdk;

namespace Zask.Data.Tests.Support;

/// <summary>
/// Runs a theory with <see cref="DbKind.Postgres"/>; reported as skipped (never passed) when
/// <c>ZASK_TEST_POSTGRES_URI</c> is not set (source .ci/start-postgres.sh to set it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (string.IsNullOrWhiteSpace(PostgresAdmin.ServerUri))
        {
            Skip = $"{PostgresAdmin.EnvironmentVariable} is not set: source .ci/start-postgres.sh to run the PostgreSQL tests";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DbKind.Postgres]];
}
