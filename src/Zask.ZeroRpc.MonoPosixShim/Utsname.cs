namespace Mono.Unix.Native;

/// <summary>What <see cref="Syscall.uname"/> reports; NetMQ reads <see cref="machine"/> to rule out ARM.</summary>
#pragma warning disable CA1051, CA1707, IDE1006 // Mono.Posix's public fields, which NetMQ reads by name.
public sealed class Utsname
{
    /// <summary>The operating system's name.</summary>
    public string sysname = "";

    /// <summary>The processor architecture, as <c>uname -m</c> prints it.</summary>
    public string machine = "";
}
#pragma warning restore CA1051, CA1707, IDE1006
