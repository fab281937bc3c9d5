namespace Zask.Data;

/// <summary>The configuration keys Zask.Data reads.</summary>
internal static class DataConfigKeys
{
    public const string DatabaseUri = "SQLALCHEMY_DATABASE_URI";
    public const string Binds = "SQLALCHEMY_BINDS";
    public const string ReadOnlyBinds = "SQLALCHEMY_READONLY_BINDS";
    public const string Echo = "SQLALCHEMY_ECHO";
    public const string PoolSize = "SQLALCHEMY_POOL_SIZE";
    public const string PoolTimeout = "SQLALCHEMY_POOL_TIMEOUT";
    public const string PoolRecycle = "SQLALCHEMY_POOL_RECYCLE";
    public const string MaxOverflow = "SQLALCHEMY_MAX_OVERFLOW";
    public const string FleetLease = "JOBS_FLEET_LEASE";
}
