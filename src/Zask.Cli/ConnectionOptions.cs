using System.CommandLine;
using System.Globalization;

namespace Zask.Cli;

/// <summary>
/// The options every command takes to reach a server. Each command gets its own instances, because a
/// System.CommandLine symbol belongs to one parent.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the first reply of a call",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
    };

    public Option<double> Heartbeat { get; } = new("--heartbeat")
    {
        Description = "Heartbeat period in seconds (match the server's; 0 disables); the server is declared lost after 2 missed beats",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 5,
    };

    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "Zask configuration file (JSON) holding ZERORPC_<SERVICE> entries; use with --service instead of ENDPOINT",
        HelpName = "FILE",
    };

    public Option<string?> Service { get; } = new("--service")
    {
        Description = "Service whose endpoint and access key are read from --config, or whose live endpoints are read from --registry",
        HelpName = "NAME",
    };

    public Option<string?> Registry { get; } = new("--registry")
    {
        Description = "etcd registry (etcd://host:port/prefix) where --service's servers register; use with --service instead of ENDPOINT",
        HelpName = "URI",
    };

    public Option<string?> Version { get; } = new("--version")
    {
        Description = "Service version to call (the entry's default when omitted); needs --service",
        HelpName = "V",
    };

    public Option<string?> AccessKey { get; } = new("--access-key")
    {
        Description = "Access key sent in the header of every call, for servers whose client_keys require one (with --config, the entry's access_key is sent instead)",
        HelpName = "KEY",
    };

    /// <summary>Adds the options and their checks to a command.</summary>
    public void AddTo(Command command)
    {
        Timeout.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0) || double.IsInfinity(value))
            {
                result.AddError($"--timeout must be a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        Heartbeat.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
            {
                result.AddError($"--heartbeat must be 0 or a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        command.Options.Add(Timeout);
        command.Options.Add(Heartbeat);
        command.Options.Add(Config);
        command.Options.Add(Service);
        command.Options.Add(Registry);
        command.Options.Add(Version);
        command.Options.Add(AccessKey);
        command.Validators.Add(result =>
        {
            var hasConfig = result.GetValue(Config) is not null;
            if (result.GetValue(AccessKey) is { } key && (key.Length == 0 || hasConfig))
            {
                result.AddError(key.Length == 0 ? "--access-key is empty"
                    : "--access-key goes with ENDPOINT or --registry: with --config the entry's access_key is sent");
                return;
            }
            var hasRegistry = !string.IsNullOrEmpty(result.GetValue(Registry));
            var hasService = !string.IsNullOrEmpty(result.GetValue(Service));
            if (hasConfig && hasRegistry)
            {
                result.AddError("give either --config or --registry with --service, not both");
            }
            else if (hasService != (hasConfig || hasRegistry))
            {
                result.AddError("--service goes with --config FILE or --registry URI: give one of them with --service, or neither and an ENDPOINT");
            }
            else if (!hasService && result.GetValue(Version) is not null)
            {
                result.AddError("--version needs --service (with --config or --registry)");
            }
        });
    }

    /// <summary>Reads the options from a parse result.</summary>
    public ConnectionSettings Read(ParseResult parse, string? endpoint) => new(
        endpoint,
        TimeSpan.FromSeconds(parse.GetValue(Timeout)),
        parse.GetValue(Heartbeat),
        parse.GetValue(Config)?.FullName,
        parse.GetValue(Service),
        parse.GetValue(Version),
        parse.GetValue(Registry),
        parse.GetValue(AccessKey));
}
