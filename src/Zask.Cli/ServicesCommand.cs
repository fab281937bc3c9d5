using System.CommandLine;
using System.Globalization;
using Zask.Registry.Etcd;

namespace Zask.Cli;

/// <summary><c>zask services --registry URI</c>: lists the services, versions and live endpoints registered in etcd.</summary>
internal sealed class ServicesCommand
{
    private readonly Option<string> _registry = new("--registry")
    {
        Description = "The etcd registry to read: etcd://[user[:password]@]host[:port][,host...]/prefix",
        HelpName = "URI",
        Required = true,
    };
    private readonly Option<string?> _service = new("--service")
    {
        Description = "Only this service",
        HelpName = "NAME",
    };
    private readonly Option<double> _timeout = new("--timeout")
    {
        Description = "Seconds to wait for etcd's answer",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 10,
    };
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private ServicesCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var self = new ServicesCommand(stdout, stderr);
        var command = new Command("services", "List the services, versions and live endpoints registered in an etcd registry");
        command.Options.Add(self._registry);
        command.Options.Add(self._service);
        command.Options.Add(self._timeout);
        self._timeout.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0) || double.IsInfinity(value))
            {
                result.AddError($"--timeout must be a positive number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        command.SetAction(self.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        EtcdRegistrySettings settings;
        try
        {
            settings = EtcdRegistrySettings.Create(parse.GetValue(_registry), "--registry");
        }
        catch (RegistryConfigException ex)
        {
            await _stderr.WriteLineAsync($"zask: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(_timeout)));
        IReadOnlyList<ServiceInstance> instances;
        try
        {
            instances = await EtcdServiceCatalog.ListAsync(settings, parse.GetValue(_service), bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _stderr.WriteLineAsync("zask: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await _stderr.WriteLineAsync($"zask: cannot read the registry {settings.Uri}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        foreach (var line in Format(instances))
        {
            await _stdout.WriteLineAsync(line).ConfigureAwait(false);
        }
        await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>A header and one aligned line per endpoint: service, version, endpoint, start time (UTC).</summary>
    internal static IEnumerable<string> Format(IReadOnlyList<ServiceInstance> instances)
    {
        var rows = instances.Select(i => new[] { i.Service, i.Version, i.Endpoint, i.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) })
            .Prepend(["SERVICE", "VERSION", "ENDPOINT", "STARTED"]).ToArray();
        var widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return rows.Select(r => $"{r[0].PadRight(widths[0])}  {r[1].PadRight(widths[1])}  {r[2].PadRight(widths[2])}  {r[3]}");
    }
}
