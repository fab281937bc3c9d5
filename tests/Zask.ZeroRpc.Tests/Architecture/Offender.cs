using System.Reflection;
using System.Runtime.CompilerServices;

namespace Zask.ZeroRpc.Tests.Architecture;

/// <summary>
/// Both offences the architecture test looks for, kept in the test assembly so that the scan is shown to find them
/// (<see cref="NonPublicAccessTests.The_scan_finds_an_offending_assembly"/>). Never called.
/// </summary>
internal static class Offender
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_items")]
    public static extern ref object[] Items(List<object> list);

    public static FieldInfo? Handle() => typeof(System.Net.Sockets.Socket).GetField("_handle", BindingFlags.NonPublic | BindingFlags.Instance);
}
