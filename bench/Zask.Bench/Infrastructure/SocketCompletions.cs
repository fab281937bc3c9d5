namespace Zask.Bench.Infrastructure;

/// <summary>
/// Where .NET runs socket completions on Linux: on the thread pool (the default), or right on its epoll thread when
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>. NetMQ's socket I/O completes there, so this setting moves
/// work and wake-ups for every stack of the harness alike.
/// </summary>
internal static class SocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool Inline => Environment.GetEnvironmentVariable(Variable) == "1";

    public static string Describe() => Inline ? "inline (on the epoll thread)" : "thread pool";
}
