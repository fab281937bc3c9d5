namespace Zask.Cli;

/// <summary>The <c>zask</c> command's entry points.</summary>
public static class Program
{
    /// <summary>Runs the command line against the console and returns the exit code.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the command line with the given writers (tests run the tool in-process through this) and returns
    /// the exit code: see <see cref="ExitCodes"/>.
    /// </summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and usage messages go.</param>
    /// <param name="cancellationToken">Abandons the running command (Ctrl+C does the same for <see cref="Main"/>).</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return new CliApplication(stdout, stderr).RunAsync(args, cancellationToken);
    }
}
