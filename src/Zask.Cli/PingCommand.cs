using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Zask.ZeroRpc.Client;

namespace Zask.Cli;

/// <summary><c>zask ping</c>: calls <c>_zerorpc_ping</c> and prints the server's name and the round-trip time.</summary>
internal sealed class PingCommand
{
    private readonly ConnectionOptions _connection = new();
    private readonly Argument<string?> _endpoint = EndpointRule.NewArgument();
    private readonly Option<int> _count = new("--count", "-c")
    {
        Description = "How many pings to send, one after the other (the first includes connecting)",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
    };
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private PingCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var self = new PingCommand(stdout, stderr);
        var command = new Command("ping", "Ping the server: print its name and the round-trip time");
        EndpointRule.Attach(command, self._endpoint, self._connection);
        command.Options.Add(self._count);
        self._connection.AddTo(command);
        self._count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--count must be at least 1");
            }
        });
        command.SetAction(self.RunAsync);
        return command;
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = _connection.Read(parse, parse.GetValue(_endpoint));
        var count = parse.GetValue(_count);
        return CommandRunner.RunAsync(settings, _stderr, async client =>
        {
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await client.CallWithOptionsAsync<object?>("_zerorpc_ping", new CallOptions(settings.Timeout, cancellationToken))
                    .ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started);
                // With --service, show where the configuration led rather than the service name again.
                var target = settings.Endpoint ?? string.Join(", ", client.Endpoints);
                await _stdout.WriteLineAsync(Format(answer, elapsed, target)).ConfigureAwait(false);
                await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }, cancellationToken);
    }

    /// <summary>One line per ping: <c>pong from NAME (ENDPOINT): time=0.421 ms</c>.</summary>
    internal static string Format(object? answer, TimeSpan elapsed, string target)
    {
        // zerorpc answers ["pong", name]; an older server may answer just "pong".
        var name = answer is object?[] { Length: >= 2 } parts ? JsonValues.ToReadable(parts[1]) : null;
        var time = elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
        return name is null ? $"pong ({target}): time={time} ms" : $"pong from {name} ({target}): time={time} ms";
    }
}
