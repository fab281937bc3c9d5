using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Extension;

/// <summary>The hosting layer's log lines, as source-generated methods.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "ignoring a registry update for {Service}: {Error}")]
    public static partial void RegistryUpdateIgnored(ILogger logger, Exception exception, string service, string error);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "{Service} {Version} endpoints from the registry: {Endpoints}")]
    public static partial void RegistryEndpoints(ILogger logger, string service, string? version, string endpoints);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "health served at http://{Host}:{Port}/healthz")]
    public static partial void HealthServed(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Debug, Message = "a /healthz request ended early: {Error}")]
    public static partial void HealthRequestEndedEarly(ILogger logger, string error);
}
