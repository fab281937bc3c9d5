using System.Reflection;

namespace Zask.Telemetry.Tests.Support;

/// <summary>Where the child programs the tests run were built.</summary>
internal static class ChildPaths
{
    private static string Configuration =>
        typeof(ChildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    public static string ChainServiceDll
    {
        get
        {
            var path = Path.Combine(RepositoryRoot.Path, "tests", "Zask.Telemetry.Tests.ChainService", "bin", Configuration,
                "net10.0", "Zask.Telemetry.Tests.ChainService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"build the chain service first: {path}");
        }
    }
}
