using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using NetMQ;

namespace Zask.ZeroRpc;

/// <summary>
/// Puts NetMQ's clock on the processor's time-stamp counter on Linux and macOS (x86 and x64), as it already is on
/// Windows. NetMQ reads that counter on every frame it sends or receives to look at its socket's commands at most
/// once a millisecond; without it, NetMQ looks every time, which costs a <c>poll</c> system call per frame.
/// </summary>
/// <remarks>
/// <para>
/// Outside Windows, NetMQ reads the counter with a few bytes of machine code that it places in executable memory
/// through an assembly named <c>Mono.Posix</c>, which .NET does not have; it then falls back silently. Zask embeds the
/// two members NetMQ uses (<c>mmap</c> and <c>uname</c>) and offers them only while NetMQ's clock is first set up, and
/// only when no real <c>Mono.Posix</c> answers. Measured in <c>docs/benchmarks.md</c>: about a third less CPU per
/// call on each side.
/// </para>
/// <para>
/// Every Zask socket calls <see cref="Enable"/> before it creates its NetMQ socket. A process that uses NetMQ
/// directly before its first Zask socket should call it first thing, since NetMQ sets its clock up only once.
/// NetMQ's own switch, the <c>NETQM_SUPPRESS_RDTSC</c> environment variable, turns it off (for systems that forbid
/// executable memory, where NetMQ falls back by itself anyway).
/// </para>
/// </remarks>
public static class NetMqTimestampCounter
{
    private const string ShimAssemblyName = "Mono.Posix";
    private const string ShimResourceName = "Zask.ZeroRpc.Mono.Posix.dll";
    private const string ClockTypeName = "NetMQ.Core.Utils.Clock";
    private const string ClockSupportedField = "s_rdtscSupported";

    private static readonly Lazy<bool> SetUp = new(SetUpClock);
    private static Assembly? s_shim;

    /// <summary>
    /// Sets NetMQ's clock up with the time-stamp counter available (once per process; later calls only report).
    /// </summary>
    /// <returns><c>true</c> when NetMQ's clock reads the time-stamp counter.</returns>
    public static bool Enable() => SetUp.Value;

    /// <summary><c>true</c> when NetMQ's clock reads the time-stamp counter (this sets NetMQ's clock up if it was not).</summary>
    public static bool IsActive
    {
        get
        {
            var clock = ClockType();
            if (clock is null)
            {
                return false;
            }
            RuntimeHelpers.RunClassConstructor(clock.TypeHandle);
            return clock.GetField(ClockSupportedField, BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) is true;
        }
    }

    /// <summary>Whether this process can read the counter the way NetMQ does: x86 or x64 code on Linux or macOS.</summary>
    private static bool Applies =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    private static bool SetUpClock()
    {
        var clock = ClockType();
        if (clock is null || !Applies)
        {
            return IsActive;
        }
        // NetMQ asks for Mono.Posix from its clock's static constructor: answer only while that runs, so that nothing
        // else in the process is ever handed this partial stand-in. A no-op when NetMQ set its clock up already.
        var context = AssemblyLoadContext.GetLoadContext(typeof(NetMQSocket).Assembly) ?? AssemblyLoadContext.Default;
        context.Resolving += ResolveShim;
        try
        {
            RuntimeHelpers.RunClassConstructor(clock.TypeHandle);
        }
        finally
        {
            context.Resolving -= ResolveShim;
        }
        return IsActive;
    }

    private static Assembly? ResolveShim(AssemblyLoadContext requester, AssemblyName name)
    {
        if (!string.Equals(name.Name, ShimAssemblyName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (s_shim is null)
        {
            try
            {
                using var image = typeof(NetMqTimestampCounter).Assembly.GetManifestResourceStream(ShimResourceName);
                if (image is null)
                {
                    return null;
                }
                // In a load context of its own, so that no later load by that name in the process binds to it.
                s_shim = new AssemblyLoadContext("zask-netmq-clock").LoadFromStream(image);
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException or BadImageFormatException or IOException)
            {
                // No loading of assemblies from memory here (native AOT): NetMQ keeps its stock clock.
                return null;
            }
        }
        return s_shim;
    }

    private static Type? ClockType() => typeof(NetMQSocket).Assembly.GetType(ClockTypeName, throwOnError: false);
}
