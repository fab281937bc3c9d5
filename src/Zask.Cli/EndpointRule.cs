using System.CommandLine.Parsing;

namespace Zask.Cli;

/// <summary>The rule for commands whose only positional is the endpoint: an ENDPOINT or --service, not both.</summary>
internal static class EndpointRule
{
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
