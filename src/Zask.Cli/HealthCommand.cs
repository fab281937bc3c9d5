using System.CommandLine;
using System.Globalization;
using Zask.ZeroRpc.Client;

namespace Zask.Cli;

/// <summary>
/// <c>zask health</c>: calls the built-in <c>_zask_health</c> and prints the report, one line per check; exits 0 when
/// the server is healthy or degraded, <see cref="ExitCodes.Unhealthy"/> when unhealthy, and as <c>call</c> does when
/// the server cannot be reached or refuses the call.
/// </summary>
internal sealed class HealthCommand
{
    private readonly ConnectionOptions _connection = new();
    private readonly Argument<string?> _endpoint = EndpointRule.NewArgument();
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private HealthCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var self = new HealthCommand(stdout, stderr);
        var command = new Command("health", "Ask a Zask server for its health report (_zask_health); exit 0 when healthy or degraded, 4 when unhealthy");
        EndpointRule.Attach(command, self._endpoint, self._connection);
        self._connection.AddTo(command);
        command.SetAction(self.RunAsync);
        return command;
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = _connection.Read(parse, parse.GetValue(_endpoint));
        return CommandRunner.RunAsync(settings, _stderr, async client =>
        {
            var report = await client.CallWithOptionsAsync<Dictionary<string, object?>>("_zask_health", new CallOptions(settings.Timeout, cancellationToken))
                .ConfigureAwait(false);
            foreach (var line in Format(report))
            {
                await _stdout.WriteLineAsync(line).ConfigureAwait(false);
            }
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return Text(report.GetValueOrDefault("status")) is "Healthy" or "Degraded" ? ExitCodes.Success : ExitCodes.Unhealthy;
        }, cancellationToken);
    }

    /// <summary>The status and duration, then one line per check: <c>  NAME  STATUS  1.2 ms  DESCRIPTION</c>.</summary>
    internal static IEnumerable<string> Format(IReadOnlyDictionary<string, object?> report)
    {
        yield return $"{Text(report.GetValueOrDefault("status")) ?? "?"} ({Milliseconds(report.GetValueOrDefault("duration_ms"))} ms)";
        if (report.GetValueOrDefault("checks") is not IEnumerable<object?> checks)
        {
            yield break;
        }
        // Nested maps arrive with whatever key type the decoder chose: read them through the non-generic view.
        foreach (var check in checks.OfType<System.Collections.IDictionary>())
        {
            var error = Text(check["error"]);
            yield return $"  {Text(check["name"])}  {Text(check["status"])}  {Milliseconds(check["duration_ms"])} ms  {Text(check["description"])}" +
                (error is null ? "" : $" ({error})");
        }
    }

    private static string? Text(object? value) => value is null ? null : JsonValues.ToReadable(value);

    private static string Milliseconds(object? value) => value is IConvertible number
        ? Convert.ToDouble(number, CultureInfo.InvariantCulture).ToString("0.###", CultureInfo.InvariantCulture)
        : "?";
}
