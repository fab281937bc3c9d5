using System.CommandLine;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Middleware;

namespace Zask.Cli;

/// <summary>
/// <c>zask call</c> and <c>zask stream</c>: call a method and print its answer, a stream's items one per line as
/// they arrive.
/// </summary>
internal sealed class CallCommand
{
    private readonly ConnectionOptions _connection = new();
    private readonly Argument<string> _target = new("ENDPOINT")
    {
        Description = "The server's endpoint, e.g. tcp://127.0.0.1:4242 (with --service, this is the METHOD)",
    };
    private readonly Argument<string?> _method = new("METHOD")
    {
        Description = "The method to call",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Argument<string[]> _args = new("ARGS")
    {
        Description = "The method's arguments: strings, or JSON values with --json (put -- before arguments that start with -)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<bool> _json = new("--json", "-j")
    {
        Description = "Parse each argument as JSON ({\"$bin\": \"hex\"} for bytes) and print results as JSON",
    };
    private readonly bool _streamOnly;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private CallCommand(bool streamOnly, TextWriter stdout, TextWriter stderr)
    {
        _streamOnly = streamOnly;
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Command Create(bool streamOnly, TextWriter stdout, TextWriter stderr)
    {
        var self = new CallCommand(streamOnly, stdout, stderr);
        var command = streamOnly
            ? new Command("stream", "Call a method and print each item it yields on its own line as it arrives (a plain list answer is printed one element per line)")
            : new Command("call", "Call a method and print its result; a streamed answer is printed one item per line as it arrives");
        command.Arguments.Add(self._target);
        command.Arguments.Add(self._method);
        command.Arguments.Add(self._args);
        command.Options.Add(self._json);
        self._connection.AddTo(command);
        command.Validators.Add(result =>
        {
            var useService = !string.IsNullOrEmpty(result.GetValue(self._connection.Service));
            var (_, method, args) = Positionals(result.GetValue(self._target), result.GetValue(self._method), result.GetValue(self._args), useService);
            if (method is null)
            {
                result.AddError($"Required argument missing for command: '{command.Name}': METHOD (usage: zask {command.Name} ENDPOINT METHOD [ARGS...])");
                return;
            }
            if (result.GetValue(self._json))
            {
                for (var i = 0; i < args.Length; i++)
                {
                    try
                    {
                        JsonValues.Parse(args[i]);
                    }
                    catch (FormatException ex)
                    {
                        result.AddError($"argument {i + 1} is not valid JSON ({args[i]}): {ex.Message}");
                    }
                }
            }
        });
        command.SetAction(self.RunAsync);
        return command;
    }

    /// <summary>With --service the endpoint comes from the configuration, so the positionals shift left by one.</summary>
    private static (string? Endpoint, string? Method, string[] Args) Positionals(string? target, string? method, string[]? args, bool useService)
    {
        args ??= [];
        return useService
            ? (null, target, method is null ? args : [method, .. args])
            : (target, method, args);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var useService = !string.IsNullOrEmpty(parse.GetValue(_connection.Service));
        var (endpoint, method, rawArgs) = Positionals(parse.GetValue(_target), parse.GetValue(_method), parse.GetValue(_args), useService);
        var json = parse.GetValue(_json);
        // Like the Python CLI: plain arguments travel as strings.
        var args = rawArgs.Select(a => json ? JsonValues.Parse(a) : a).ToArray();
        var settings = _connection.Read(parse, endpoint);
        return CommandRunner.RunAsync(settings, _stderr, client => CallAsync(client, method!, args, settings, json, cancellationToken), cancellationToken);
    }

    private async Task<int> CallAsync(ZeroRpcClient client, string method, object?[] args, ConnectionSettings settings, bool json, CancellationToken cancellationToken)
    {
        var capture = new ReplyCapture();
        client.Context.RegisterMiddleware(capture);
        // StreamAsync reads both kinds of answer; the first reply's name tells a plain result from a stream.
        var items = client.StreamWithOptionsAsync<object?>(method, new CallOptions(settings.Timeout, cancellationToken), args)
            .GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            var more = await items.MoveNextAsync().ConfigureAwait(false);
            if (!_streamOnly && capture.Call is { ReplyKind: CallReplyKind.Result } call)
            {
                // StreamAsync spreads an OK list over several items; print the reply as the one value it is.
                await PrintAsync(call.ReadResult<object?>(), json).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            while (more)
            {
                await PrintAsync(items.Current, json).ConfigureAwait(false);
                more = await items.MoveNextAsync().ConfigureAwait(false);
            }
        }
        return ExitCodes.Success;
    }

    private async Task PrintAsync(object? value, bool json)
    {
        await _stdout.WriteLineAsync(json ? JsonValues.ToJson(value) : JsonValues.ToReadable(value)).ConfigureAwait(false);
        // Stream items must show up as they arrive, even when stdout is a pipe.
        await _stdout.FlushAsync().ConfigureAwait(false);
    }
}
