using NetMQ;
using NetMQ.Sockets;

namespace Zask.Bench.Servers;

/// <summary>
/// The transport limit: a ROUTER that echoes every message, whatever its frames, straight back from one thread, with no decoding,
/// no thread hop and no allocation (frames move as <see cref="Msg"/>s).
/// </summary>
internal sealed class NetMqEchoServer : IBenchServer
{
    private volatile bool _stopping;
    private Thread? _thread;

    public Task StartAsync(int port)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Serve(port, ready)) { IsBackground = true, Name = "netmq-echo" };
        _thread.Start();
        return ready.Task;
    }

    private void Serve(int port, TaskCompletionSource ready)
    {
        using var router = new RouterSocket();
        router.Options.Linger = TimeSpan.Zero;
        router.Options.SendHighWatermark = 100_000;
        router.Options.ReceiveHighWatermark = 100_000;
        router.Bind($"tcp://127.0.0.1:{port}");
        ready.SetResult();
        var frame = default(Msg);
        frame.InitEmpty();
        // A short receive timeout lets the loop notice a stop request.
        var poll = TimeSpan.FromMilliseconds(100);
        while (!_stopping)
        {
            if (!router.TryReceive(ref frame, poll))
            {
                continue;
            }
            // The whole message goes back frame by frame: the identity, then the body, after the empty delimiter
            // when the client sent one. Send hands each frame over and leaves the Msg empty for the next receive.
            var more = frame.HasMore;
            router.Send(ref frame, more);
            while (more)
            {
                router.Receive(ref frame);
                more = frame.HasMore;
                router.Send(ref frame, more);
            }
        }
        frame.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(2));
        return ValueTask.CompletedTask;
    }
}
