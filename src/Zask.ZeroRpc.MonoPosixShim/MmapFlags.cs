namespace Mono.Unix.Native;

/// <summary>Mapping flags of <see cref="Syscall.mmap"/>, with the names Mono.Posix gives them (values as on Linux).</summary>
[Flags]
#pragma warning disable CA1707 // Mono.Posix's names, which NetMQ looks up as strings.
public enum MmapFlags
{
    /// <summary>Changes are shared.</summary>
    MAP_SHARED = 0x01,

    /// <summary>Changes are private.</summary>
    MAP_PRIVATE = 0x02,

    /// <summary>Memory not backed by a file.</summary>
    MAP_ANONYMOUS = 0x20,
}
#pragma warning restore CA1707
