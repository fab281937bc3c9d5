namespace Zask.Telemetry.Tests.Support;

/// <summary>Where the child programs the tests run were built.</summary>
internal static class ChildPaths
{
    public static string ChainServiceDll =>
        BuildOutput.Of(Path.Combine("tests", "Zask.Telemetry.Tests.ChainService"), "Zask.Telemetry.Tests.ChainService.dll");

    /// <summary>
    /// The showcase in its own build output: the copy next to the tests lacks the Microsoft.Extensions assemblies that
    /// this project takes from the ASP.NET Core framework (for the gRPC collector), which the showcase does not use.
    /// </summary>
    public static string ShowcaseDll => BuildOutput.Of(Path.Combine("examples", "Showcase"), "Showcase.dll");
}
