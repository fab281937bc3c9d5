namespace Zask.Cli.Tests;

/// <summary>What a run of the CLI printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Stdout's lines, without the trailing empty one.</summary>
    public string[] Lines => Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
