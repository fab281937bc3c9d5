using System.Runtime.InteropServices;

namespace Mono.Unix.Native;

/// <summary>The two Mono.Posix system calls NetMQ uses to place its time-stamp counter reader in executable memory.</summary>
#pragma warning disable CA1707, IDE1006 // Mono.Posix's names, which NetMQ looks up as strings.
public static partial class Syscall
{
    // macOS spells MAP_ANONYMOUS 0x1000; the enum carries Linux's values.
    private const int MacAnonymous = 0x1000;

    /// <summary>Maps memory; returns <c>MAP_FAILED</c> (-1) on failure, as mmap(2) does.</summary>
    public static IntPtr mmap(IntPtr start, ulong length, MmapProts prot, MmapFlags flags, int fd, long offset)
    {
        var nativeFlags = (int)flags;
        if (OperatingSystem.IsMacOS() && flags.HasFlag(MmapFlags.MAP_ANONYMOUS))
        {
            nativeFlags = (nativeFlags & ~(int)MmapFlags.MAP_ANONYMOUS) | MacAnonymous;
        }
        return OperatingSystem.IsMacOS()
            ? MacMmap(start, (nuint)length, (int)prot, nativeFlags, fd, offset)
            : LinuxMmap(start, (nuint)length, (int)prot, nativeFlags, fd, offset);
    }

    /// <summary>Reports the operating system and processor architecture of this process.</summary>
    public static int uname(out Utsname buf)
    {
        buf = new Utsname
        {
            sysname = OperatingSystem.IsMacOS() ? "Darwin" : "Linux",
            machine = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x86_64",
                Architecture.X86 => "i686",
                Architecture.Arm => "armv7l",
                Architecture.Arm64 => "arm64",
                var other => other.ToString().ToLowerInvariant(),
            },
        };
        return 0;
    }

    [LibraryImport("libc.so.6", EntryPoint = "mmap")]
    private static partial IntPtr LinuxMmap(IntPtr start, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libSystem.dylib", EntryPoint = "mmap")]
    private static partial IntPtr MacMmap(IntPtr start, nuint length, int prot, int flags, int fd, long offset);
}
#pragma warning restore CA1707, IDE1006
