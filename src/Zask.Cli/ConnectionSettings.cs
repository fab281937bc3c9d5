namespace Zask.Cli;

/// <summary>Where and how a command reaches its server.</summary>
/// <param name="Endpoint">The endpoint given on the command line, or <c>null</c> with <paramref name="Service"/>.</param>
/// <param name="Timeout">How long a call waits for its first reply.</param>
/// <param name="HeartbeatSeconds">Heartbeat period; 0 disables.</param>
/// <param name="ConfigFile">The Zask configuration file, with <paramref name="Service"/>.</param>
/// <param name="Service">The service resolved through the configuration.</param>
/// <param name="Version">The service version; the configuration's default (or the only one registered) when <c>null</c>.</param>
/// <param name="Registry">The etcd registry URI where <paramref name="Service"/> is looked up, instead of a configuration file.</param>
/// <param name="AccessKey">The access key sent with every call (<c>--access-key</c>), or <c>null</c>.</param>
internal sealed record ConnectionSettings(
    string? Endpoint, TimeSpan Timeout, double HeartbeatSeconds, string? ConfigFile, string? Service, string? Version, string? Registry = null,
    string? AccessKey = null)
{
    /// <summary>How errors name the target: the endpoint, or the service (and version).</summary>
    public string Target => Endpoint ?? (Version is null ? $"service {Service}" : $"service {Service} {Version}");
}
