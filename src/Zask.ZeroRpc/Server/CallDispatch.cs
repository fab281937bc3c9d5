namespace Zask.ZeroRpc.Server;

/// <summary>
/// Where a server runs a call: on the socket's I/O thread, or on the server's call threads (a thread pool of its own,
/// not the .NET one, see <see cref="ZeroRpcServerOptions.MaxCallThreads"/>).
/// </summary>
/// <remarks>
/// Running a call on the I/O thread saves two thread hand-offs (to the call threads and back), which is most of the cost
/// of a small call; but while a call runs there, that server's other calls and heartbeats wait. See
/// <c>docs/performance.md</c>.
/// </remarks>
public enum CallDispatch
{
    /// <summary>
    /// Decided per method from what its calls cost: a method starts on the call threads and moves to the I/O thread
    /// once 64 calls returned within 100 µs (one slower call in 32 forgiven, as a preempted thread); it moves back when
    /// two calls within 16 hold the I/O thread over 1 ms, and each time back it needs a longer run of quick calls (up
    /// to 32,768) to try again. Garbage collection pauses are not counted. Streams always run on the call threads. The
    /// default.
    /// </summary>
    Auto,

    /// <summary>
    /// Every call runs on the server's call threads: a method may block as long as it likes without delaying others,
    /// or the server's heartbeats.
    /// </summary>
    ThreadPool,

    /// <summary>
    /// Every call runs on the I/O thread until its first incomplete <c>await</c>: the lowest latency, for methods
    /// that never block. A method that blocks here stalls every call and heartbeat of the server.
    /// </summary>
    Inline,
}
