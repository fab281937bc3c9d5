namespace Zask.Reliability.Tests.Support;

/// <summary>Finds the child executables (built through ProjectReferences) from the repository root.</summary>
public static class RepositoryPaths
{
    public static string ShowcaseDll => BuildOutput.Of(Path.Combine("examples", "Showcase"), "Showcase.dll");

    public static string ClientProcessDll =>
        BuildOutput.Of(Path.Combine("tests", "Zask.Reliability.Tests.ClientProcess"), "Zask.Reliability.Tests.ClientProcess.dll");
}
