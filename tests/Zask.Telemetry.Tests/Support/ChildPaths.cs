namespace Zask.Telemetry.Tests.Support;

/// <summary>Where the child programs the tests run were built.</summary>
internal static class ChildPaths
{
    public static string ChainServiceDll =>
        BuildOutput.Of(Path.Combine("tests", "Zask.Telemetry.Tests.ChainService"), "Zask.Telemetry.Tests.ChainService.dll");
}
