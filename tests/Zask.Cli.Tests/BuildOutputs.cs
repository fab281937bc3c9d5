namespace Zask.Cli.Tests;

/// <summary>The built showcase and CLI assemblies, and the dotnet host that runs them.</summary>
internal static class BuildOutputs
{
    public static string Showcase => BuildOutput.Of(Path.Combine("examples", "Showcase"), "Showcase.dll");

    public static string Cli => BuildOutput.Of(Path.Combine("src", "Zask.Cli"), "Zask.Cli.dll");

    /// <summary>The dotnet host running the tests (set by dotnet test), else the one on the PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
