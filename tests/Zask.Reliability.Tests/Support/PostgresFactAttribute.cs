namespace Zask.Reliability.Tests.Support;

/// <summary>A test that needs the PostgreSQL server .ci/run starts; reported as skipped (never passed) without it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string UriVariable = "ZASK_TEST_POSTGRES_URI";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UriVariable)))
        {
            Skip = $"{UriVariable} is not set: no PostgreSQL server (bash .ci/run starts one)";
        }
    }
}
