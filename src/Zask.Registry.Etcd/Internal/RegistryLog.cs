using Microsoft.Extensions.Logging;

namespace Zask.Registry.Etcd.Internal;

/// <summary>The registry's log lines (registration, leases, watches, outages), as source-generated methods.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "registered {Service} {Version} at {Endpoint} in {Registry} (lease {Lease:x}, TTL {Ttl} s)")]
    public static partial void Registered(ILogger logger, string service, string version, string endpoint, EtcdRegistryUri registry, long lease, long ttl);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "etcd lease {Lease:x} of {Service} expired; registering again")]
    public static partial void LeaseExpired(ILogger logger, long lease, string service);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "deregistered {Service} {Version} from {Registry}")]
    public static partial void Deregistered(ILogger logger, string service, string version, EtcdRegistryUri registry);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "could not deregister {Service} from {Registry} ({Error}); its entries expire with lease {Lease:x} within {Ttl} s")]
    public static partial void DeregisterFailed(ILogger logger, string service, EtcdRegistryUri registry, string error, long lease, double ttl);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "etcd unreachable for {What}: {Error}; keeping the last known state and retrying")]
    public static partial void Unreachable(ILogger logger, string what, string error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "etcd reachable again for {What}")]
    public static partial void Reachable(ILogger logger, string what);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "etcd ended the watch on {Range} ({Reason}); reading it again")]
    public static partial void WatchEnded(ILogger logger, string range, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "ignoring etcd key {Key}: {Error}")]
    public static partial void IgnoredKey(ILogger logger, string key, string? error);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "etcd refused {What}: {Problem}; retrying until the setting is fixed")]
    public static partial void Refused(ILogger logger, string what, string problem);
}
