using System.Diagnostics;

namespace Zask.Testing;

/// <summary>Settings for a .NET process that a test starts (a showcase server, the zask tool).</summary>
public static class DotnetChild
{
    /// <summary>
    /// Turns the runtime's diagnostics off in the child: each .NET process makes a socket and two pipes in /tmp for
    /// debuggers and tracing, removed when it exits, and left behind when a test kills it.
    /// </summary>
    public static ProcessStartInfo WithoutDiagnostics(this ProcessStartInfo info)
    {
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        return info;
    }
}
