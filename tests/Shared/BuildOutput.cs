using System.Reflection;

namespace Zask.Testing;

/// <summary>
/// What another project of the repository built (a child program the tests start), in the configuration the tests
/// were built in; the test project's ProjectReference to it makes sure it is built.
/// </summary>
public static class BuildOutput
{
    /// <summary>The tests' build configuration (Debug, Release), recorded in the test assembly by tests/Directory.Build.props.</summary>
    public static string Configuration { get; } = typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>
    /// The path of <paramref name="assembly"/> built from the project in <paramref name="projectFolder"/> (relative to the
    /// repository root); throws <see cref="FileNotFoundException"/> naming the path when it was not built.
    /// </summary>
    public static string Of(string projectFolder, string assembly)
    {
        var path = RepositoryRoot.Combine(projectFolder, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{assembly} was not built (expected at {path}); build the test project, whose references build it", path);
    }
}
