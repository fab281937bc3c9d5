using System.Reflection;

namespace Zask.Reliability.Tests.Support;

/// <summary>Finds the child executables (built through ProjectReferences) from the repository root.</summary>
public static class RepositoryPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary>The configuration this assembly was built in, so the children come from the same build.</summary>
    public static string Configuration =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    public static string ShowcaseDll => Executable(Path.Combine("examples", "Showcase"), "Showcase.dll");

    public static string ClientProcessDll =>
        Executable(Path.Combine("tests", "Zask.Reliability.Tests.ClientProcess"), "Zask.Reliability.Tests.ClientProcess.dll");

    private static string Executable(string projectFolder, string dll)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{dll} was not built (expected at {path}); build the test project, which builds it");
    }

}
