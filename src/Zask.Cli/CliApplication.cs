using System.CommandLine;
using System.CommandLine.Help;

namespace Zask.Cli;

/// <summary>The command tree of <c>zask</c>, writing to the given writers.</summary>
internal sealed class CliApplication(TextWriter stdout, TextWriter stderr)
{
    public Command BuildRoot()
    {
        // A plain command named after the tool: RootCommand names itself after the assembly (Zask.Cli) in help.
        var root = new Command("zask", "zask: call, stream, inspect and ping any ZeroRPC server (Zask, zerorpc-python, zerorpc-node)")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(CallCommand.Create(streamOnly: false, stdout, stderr));
        root.Subcommands.Add(CallCommand.Create(streamOnly: true, stdout, stderr));
        root.Subcommands.Add(InspectCommand.Create(stdout, stderr));
        root.Subcommands.Add(PingCommand.Create(stdout, stderr));
        root.Subcommands.Add(HealthCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServicesCommand.Create(stdout, stderr));
        return root;
    }

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Ctrl+C / SIGTERM cancel the call's token; the action then reports the interruption itself.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(2),
        };
        return BuildRoot().Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
