using System.CommandLine;
using System.CommandLine.Parsing;

namespace Zask.Cli;

/// <summary>The rule for commands whose only positional is the endpoint: an ENDPOINT or --service, not both.</summary>
internal static class EndpointRule
{
    /// <summary>The optional ENDPOINT positional shared by ping, inspect and health.</summary>
    public static Argument<string?> NewArgument() => new("ENDPOINT")
    {
        Description = "The server's endpoint, e.g. tcp://127.0.0.1:4242 (omit with --service)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Adds <paramref name="endpoint"/> to <paramref name="command"/> and checks it against --service.</summary>
    public static void Attach(Command command, Argument<string?> endpoint, ConnectionOptions connection)
    {
        command.Arguments.Add(endpoint);
        command.Validators.Add(result => Check(result, result.GetValue(endpoint), connection));
    }

    public static void Check(CommandResult result, string? endpoint, ConnectionOptions connection)
    {
        var useService = !string.IsNullOrEmpty(result.GetValue(connection.Service));
        if (useService && endpoint is not null)
        {
            result.AddError($"give either ENDPOINT ({endpoint}) or --service, not both");
        }
        else if (!useService && endpoint is null)
        {
            result.AddError($"Required argument missing for command: '{result.Command.Name}': ENDPOINT");
        }
    }
}
