using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>Counts what the container makes and disposes, per app (a singleton of the test's container).</summary>
public sealed class InjectionTracker
{
    private int _instances;
    private int _scopes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _disposed = new();

    public int NextInstance() => Interlocked.Increment(ref _instances);

    public int NextScope() => Interlocked.Increment(ref _scopes);

    public void Disposed(int scope) => _disposed[scope] = true;

    public bool IsDisposed(int scope) => _disposed.ContainsKey(scope);
}

/// <summary>A scoped dependency standing for a database session: one per call, disposed when the call ends.</summary>
public sealed class CallScopedResource(InjectionTracker tracker) : IDisposable
{
    public int Id { get; } = tracker.NextScope();

    public void Dispose() => tracker.Disposed(Id);
}

public sealed class GreetingOptions
{
    public string Greeting { get; set; } = "Hello";
}

[ZeroRpcService("injected", Version = "1.0")]
public sealed class InjectedService(
    InjectionTracker tracker, CallScopedResource resource, ILogger<InjectedService> logger, IOptions<GreetingOptions> options)
{
    private readonly int _instance = tracker.NextInstance();

    public Dictionary<string, object> Who(string name)
    {
        logger.LogInformation("who asked by {Name}", name);
        return new()
        {
            ["instance"] = _instance,
            ["resource"] = resource.Id,
            ["greeting"] = $"{options.Value.Greeting}, {name}",
            ["logger"] = logger.GetType().Name,
        };
    }
}

/// <summary>The typed client of <see cref="GuardedService"/>.</summary>
public interface IGuardedClient
{
    Task<int> TouchAsync();
}

/// <summary>The same service, registered for another version of its entry.</summary>
public interface IOtherVersionGuardedClient
{
    Task<int> TouchAsync();
}

/// <summary>A service that calls another through a typed client injected into its constructor.</summary>
[ZeroRpcService("front", Version = "1.0")]
public sealed class FrontService(IGuardedClient guarded)
{
    public async Task<int> TouchThrough() => await guarded.TouchAsync();
}

/// <summary>A service whose calls wait until they are cancelled, counting those that started and ended.</summary>
[ZeroRpcService("patient", Version = "1.0")]
public sealed class PatientService
{
    private int _started;
    private int _cancelled;

    public int Started => Volatile.Read(ref _started);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public async Task<string> Wait(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _cancelled);
        }
        return "never";
    }
}

/// <summary>The typed client of <see cref="PatientService"/>.</summary>
public interface IPatientClient
{
    Task<string> WaitAsync();
}
