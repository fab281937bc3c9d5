namespace Zask;

/// <summary>Names of the configuration keys the application itself understands.</summary>
public static class ConfigKeys
{
    /// <summary>Debug mode (bool, default <c>true</c>): logs go to the console instead of the log files.</summary>
    public const string Debug = "DEBUG";

    /// <summary>Path of the error log file used when <see cref="Debug"/> is false (default <c>/tmp/zask.error.log</c>).</summary>
    public const string ErrorLog = "ERROR_LOG";

    /// <summary>Path of the ZeroRPC access log file used when <see cref="Debug"/> is false (default <c>/tmp/zask.access.log</c>).</summary>
    public const string ZeroRpcAccessLog = "ZERORPC_ACCESS_LOG";

    /// <summary>Default database URI (default <c>sqlite://</c>).</summary>
    public const string SqlAlchemyDatabaseUri = "SQLALCHEMY_DATABASE_URI";

    /// <summary>Extra named databases (object of name to URI, default null).</summary>
    public const string SqlAlchemyBinds = "SQLALCHEMY_BINDS";

    /// <summary>Echo SQL statements (bool, default false).</summary>
    public const string SqlAlchemyEcho = "SQLALCHEMY_ECHO";

    /// <summary>Connection pool size (int or null, default null).</summary>
    public const string SqlAlchemyPoolSize = "SQLALCHEMY_POOL_SIZE";

    /// <summary>Connection pool timeout in seconds (int or null, default null).</summary>
    public const string SqlAlchemyPoolTimeout = "SQLALCHEMY_POOL_TIMEOUT";

    /// <summary>Seconds after which pooled connections are recycled (int, default 3600).</summary>
    public const string SqlAlchemyPoolRecycle = "SQLALCHEMY_POOL_RECYCLE";

    /// <summary>Connections allowed above the pool size (int or null, default null).</summary>
    public const string SqlAlchemyMaxOverflow = "SQLALCHEMY_MAX_OVERFLOW";

    /// <summary>Seconds hosted services get to finish in-flight work on shutdown (number, default 30).</summary>
    public const string ShutdownGracePeriod = "SHUTDOWN_GRACE_PERIOD";
}
