using System.Runtime.CompilerServices;

namespace Zask.ZeroRpc.Server;

/// <summary>Awaited, goes on on one of a server's call threads (see <see cref="CallWorkers.ResumeOnCallThread"/>).</summary>
internal readonly struct CallThreadResume(CallWorkers workers) : ICriticalNotifyCompletion
{
    public CallThreadResume GetAwaiter() => this;

    public bool IsCompleted => CallWorkers.OnCallThread;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => workers.Run(new Continuation(continuation));

    // The async method's builder restores its own execution context: none needs to flow here.
    public void UnsafeOnCompleted(Action continuation) => workers.Run(new Continuation(continuation));

    private sealed class Continuation(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }
}
