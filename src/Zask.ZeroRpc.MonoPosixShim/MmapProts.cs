namespace Mono.Unix.Native;

/// <summary>Memory protection flags of <see cref="Syscall.mmap"/>, with the names Mono.Posix gives them.</summary>
[Flags]
#pragma warning disable CA1707, CA1711 // Mono.Posix's names, which NetMQ looks up as strings.
public enum MmapProts
{
    /// <summary>No access.</summary>
    PROT_NONE = 0x0,

    /// <summary>Readable.</summary>
    PROT_READ = 0x1,

    /// <summary>Writable.</summary>
    PROT_WRITE = 0x2,

    /// <summary>Executable.</summary>
    PROT_EXEC = 0x4,
}
#pragma warning restore CA1707, CA1711
