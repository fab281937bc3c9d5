using System.Collections;
using System.CommandLine;
using System.Text;
using Zask.ZeroRpc.Client;

namespace Zask.Cli;

/// <summary><c>zask inspect</c>: the service's name and its methods, with arguments and doc strings.</summary>
internal sealed class InspectCommand
{
    private readonly ConnectionOptions _connection = new();
    private readonly Argument<string?> _endpoint = EndpointRule.NewArgument();
    private readonly Option<bool> _json = new("--json", "-j")
    {
        Description = "Print the _zerorpc_inspect answer as JSON",
    };
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private InspectCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var self = new InspectCommand(stdout, stderr);
        var command = new Command("inspect", "List the service's methods with their arguments (defaults as name=value) and doc strings");
        EndpointRule.Attach(command, self._endpoint, self._connection);
        command.Options.Add(self._json);
        self._connection.AddTo(command);
        command.SetAction(self.RunAsync);
        return command;
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = _connection.Read(parse, parse.GetValue(_endpoint));
        var json = parse.GetValue(_json);
        return CommandRunner.RunAsync(settings, _stderr, async client =>
        {
            var description = await client.CallWithOptionsAsync<object?>("_zerorpc_inspect", new CallOptions(settings.Timeout, cancellationToken))
                .ConfigureAwait(false);
            await _stdout.WriteLineAsync(json ? JsonValues.ToJson(description) : Format(description)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken);
    }

    /// <summary>
    /// Formats an inspect answer: <c>[name]</c>, then each method as <c>name(arg, arg=default, arg [Rule])</c> with
    /// its doc string indented below.
    /// </summary>
    internal static string Format(object? description)
    {
        if (description is not IDictionary root)
        {
            throw new CliException($"_zerorpc_inspect answered {JsonValues.ToJson(description)}, not a map of name and methods");
        }
        var text = new StringBuilder();
        text.Append('[').Append(Get(root, "name") as string ?? "?").Append(']').Append('\n');
        if (Get(root, "methods") is IDictionary methods)
        {
            // Through Keys: a generic dictionary enumerates KeyValuePairs, not DictionaryEntries.
            foreach (var (name, info) in methods.Keys.Cast<object>()
                .Select(k => (Name: k as string ?? JsonValues.ToJson(k), Info: methods[k] as IDictionary))
                .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                text.Append(name).Append('(').Append(FormatArgs(info is null ? null : Get(info, "args"))).Append(')').Append('\n');
                if (info is not null && Get(info, "doc") is string doc && doc.Trim().Length > 0)
                {
                    foreach (var line in doc.Trim().ReplaceLineEndings("\n").Split('\n'))
                    {
                        text.Append("    ").Append(line.TrimEnd()).Append('\n');
                    }
                }
            }
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string FormatArgs(object? args)
    {
        if (args is not IEnumerable list || args is string)
        {
            return "...";
        }
        var parts = new List<string>();
        foreach (var arg in list)
        {
            if (arg is IDictionary map)
            {
                var name = Get(map, "name") as string ?? "?";
                // A default of nil is still a default: the key's presence is what counts.
                var part = map.Contains("default") ? $"{name}={JsonValues.ToJson(map["default"])}" : name;
                // Validation rules, checked by the server before the method runs: name [Rule, Rule].
                if (Get(map, "rules") is IEnumerable rules and not string && rules.Cast<object?>().Select(r => r as string ?? JsonValues.ToJson(r)).ToArray() is { Length: > 0 } texts)
                {
                    part += $" [{string.Join(", ", texts)}]";
                }
                parts.Add(part);
            }
            else
            {
                parts.Add(arg as string ?? JsonValues.ToJson(arg));
            }
        }
        return string.Join(", ", parts);
    }

    private static object? Get(IDictionary map, string key) => map.Contains(key) ? map[key] : null;
}
