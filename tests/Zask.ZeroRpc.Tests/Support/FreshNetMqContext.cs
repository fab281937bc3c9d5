using System.Reflection;
using System.Runtime.Loader;

namespace Zask.ZeroRpc.Tests.Support;

/// <summary>
/// A load context with its own copies of NetMQ and Zask.ZeroRpc, so a test sees NetMQ set its clock up from scratch,
/// as in a new process (NetMQ does that once per copy of its assembly, and this test process did it long ago).
/// </summary>
public sealed class FreshNetMqContext : AssemblyLoadContext, IDisposable
{
    public FreshNetMqContext() : base($"fresh-netmq-{Guid.NewGuid():N}", isCollectible: true)
    {
    }

    /// <summary>Unloads the copies (once nothing refers to them any more).</summary>
    public void Dispose() => Unload();

    protected override Assembly? Load(AssemblyName name)
    {
        // Our assemblies and their packages come from the test's folder, as new copies; the framework is shared.
        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    private Assembly ZeroRpc => LoadFromAssemblyName(new AssemblyName("Zask.ZeroRpc"));

    private Assembly NetMq => LoadFromAssemblyName(new AssemblyName("NetMQ"));

    /// <summary>Calls <c>NetMqTimestampCounter.Enable()</c> of this context's copy.</summary>
    public bool Enable() => (bool)Counter.GetMethod("Enable")!.Invoke(null, null)!;

    /// <summary>Reads <c>NetMqTimestampCounter.IsActive</c> of this context's copy.</summary>
    public bool IsActive => (bool)Counter.GetProperty("IsActive")!.GetValue(null)!;

    private Type Counter => ZeroRpc.GetType("Zask.ZeroRpc.NetMqTimestampCounter", throwOnError: true)!;

    /// <summary>Creates and binds a Zask server of this context's copy on a free loopback port; dispose it after.</summary>
    public IDisposable BindZaskServer()
    {
        var serverType = ZeroRpc.GetType("Zask.ZeroRpc.Server.ZeroRpcServer", throwOnError: true)!;
        var server = (IDisposable)Activator.CreateInstance(serverType, new Service(), null)!;
        serverType.GetMethod("Bind")!.Invoke(server, ["tcp://127.0.0.1:0"]);
        return server;
    }

    /// <summary>
    /// Creates a plain NetMQ socket of this context's copy and tries a send on it, as an app using NetMQ directly
    /// would (NetMQ sets its clock up at the first send or receive).
    /// </summary>
    public IDisposable UseNetMqSocket()
    {
        var dealer = NetMq.GetType("NetMQ.Sockets.DealerSocket", throwOnError: true)!;
        var socket = (IDisposable)dealer.GetConstructor([typeof(string)])!.Invoke([null]);
        var msgType = NetMq.GetType("NetMQ.Msg", throwOnError: true)!;
        var msg = Activator.CreateInstance(msgType)!;
        msgType.GetMethod("InitEmpty")!.Invoke(msg, null);
        // No peer: the send fails at once, after NetMQ looked at its commands.
        dealer.GetMethod("TrySend", [msgType.MakeByRefType(), typeof(TimeSpan), typeof(bool)])!.Invoke(socket, [msg, TimeSpan.Zero, false]);
        return socket;
    }

    /// <summary>The ticks of NetMQ's clock in this context (0 when it does not read the counter).</summary>
    public long ReadNetMqClock() =>
        (long)NetMq.GetType("NetMQ.Core.Utils.Clock", throwOnError: true)!
            .GetMethod("Rdtsc", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(null, null)!;

    /// <summary>Whether this context can load an assembly named Mono.Posix.</summary>
    public bool CanLoadMonoPosix()
    {
        try
        {
            LoadFromAssemblyName(new AssemblyName("Mono.Posix"));
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private sealed class Service
    {
        public string Hello(string name) => $"Hello, {name}!";
    }
}
