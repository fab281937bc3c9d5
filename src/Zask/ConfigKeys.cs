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

    /// <summary>Seconds hosted services get to finish in-flight work on shutdown (number, default 30).</summary>
    public const string ShutdownGracePeriod = "SHUTDOWN_GRACE_PERIOD";
}
