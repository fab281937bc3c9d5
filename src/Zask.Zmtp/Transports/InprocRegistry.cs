using System.Net.Sockets;

namespace Zask.Zmtp.Transports;

/// <summary>
/// The <c>inproc://</c> names bound in this process, as libzmq keeps them per context: a name is bound by one
/// socket at a time, a connect to a name not bound yet waits for its bind, and each connection is a
/// <see cref="SocketPair"/> whose one end goes to the binder, the other to the connecter.
/// </summary>
internal static class InprocRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Action<Socket>> Bound = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, TaskCompletionSource> Pending = new(StringComparer.Ordinal);

    /// <summary>Binds <paramref name="name"/>: <paramref name="accept"/> gets the binder's end of each connection.</summary>
    /// <returns>The binding; disposing it frees the name (connections made stay).</returns>
    /// <exception cref="SocketException">The name is bound already (AddressAlreadyInUse).</exception>
    public static IDisposable Bind(string name, Action<Socket> accept)
    {
        TaskCompletionSource? waiting;
        lock (Gate)
        {
            if (!Bound.TryAdd(name, accept))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse, $"inproc://{name} is already bound in this process");
            }
            Pending.Remove(name, out waiting);
        }
        waiting?.TrySetResult();
        return new Binding(name, accept);
    }

    /// <summary>Connects to <paramref name="name"/>, waiting for it to be bound; returns the connecter's end.</summary>
    public static async Task<Socket> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task bound;
            Action<Socket>? accept;
            lock (Gate)
            {
                if (!Bound.TryGetValue(name, out accept))
                {
                    if (!Pending.TryGetValue(name, out var waiting))
                    {
                        waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        Pending[name] = waiting;
                    }
                    bound = waiting.Task;
                }
                else
                {
                    bound = Task.CompletedTask;
                }
            }
            if (accept is null)
            {
                await bound.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var (mine, theirs) = SocketPair.Create();
            try
            {
                accept(theirs);
            }
            catch
            {
                mine.Dispose();
                theirs.Dispose();
                throw;
            }
            return mine;
        }
    }

    private sealed class Binding(string name, Action<Socket> accept) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                // Only this binding's entry: the name may have been bound again since.
                if (Bound.TryGetValue(name, out var current) && current == accept)
                {
                    Bound.Remove(name);
                }
            }
        }
    }
}
