using System.Reflection;

namespace Zask.Cli.Tests;

/// <summary>The built showcase and CLI assemblies, found through metadata the test project records at build time.</summary>
internal static class BuildOutputs
{
    private static string Metadata(string key) =>
        typeof(BuildOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string Output(string projectFolder, string assembly)
    {
        var path = Path.Combine(Metadata("RepositoryRoot"), projectFolder, "bin", Metadata("Configuration"), "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assembly} is not built at {path}", path);
    }

    public static string Showcase => Output(Path.Combine("examples", "Showcase"), "Showcase.dll");

    public static string Cli => Output(Path.Combine("src", "Zask.Cli"), "Zask.Cli.dll");

    /// <summary>The dotnet host running the tests (set by dotnet test), else the one on the PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
