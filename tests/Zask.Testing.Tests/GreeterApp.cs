using Microsoft.Extensions.DependencyInjection;
using Zask.ZeroRpc;

namespace Zask.Testing.Tests;

/// <summary>What the greeter says; the tests replace it.</summary>
public interface IGreetingStore
{
    string Greeting { get; }
}

/// <summary>The greeter's methods, as a typed client sees them.</summary>
public interface IGreeter
{
    Task<string> Greet(string name);

    Task<long> Ticks();
}

/// <summary>The production store: the greeting from the config.</summary>
public sealed class ConfigGreetingStore(Config config) : IGreetingStore
{
    public string Greeting => config.GetString("GREETING") ?? "Hello";
}

/// <summary>Counts the runs of the greeter's job.</summary>
public sealed class TickCounter
{
    private long _ticks;

    public long Ticks => Interlocked.Read(ref _ticks);

    public void Tick() => Interlocked.Increment(ref _ticks);
}

/// <summary>The served service.</summary>
public sealed class GreeterService(IGreetingStore store, TickCounter ticks)
{
    public string Greet(string name) => $"{store.Greeting}, {name}!";

    public long Ticks() => ticks.Ticks;
}

/// <summary>
/// A small application with a factory as an app's Program would have one: settings from a file next to it, a service
/// mapped through DI with an access key, and a one-second job.
/// </summary>
public static class GreeterApp
{
    /// <summary>The TCP endpoint the settings file gives (nothing must listen there during a hosted test).</summary>
    public static string FileEndpoint { get; } = FreePort.Endpoint();

    public static ZaskApp Create(string root)
    {
        File.WriteAllText(Path.Combine(root, "settings.json"), $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "error.log",
              "GREETING": "Hello",
              "ZERORPC_GREETER": { "1.0": "{{FileEndpoint}}", "default": "1.0", "access_key": "good", "client_keys": ["good"] }
            }
            """);
        var app = new ZaskApp(new ZaskAppOptions { Name = "greeter", RootPath = root, EnvironmentPrefix = null });
        app.Config.FromFile("settings.json");
        app.Services.AddSingleton<IGreetingStore, ConfigGreetingStore>();
        app.Services.AddSingleton<TickCounter>();
        app.Services.AddZeroRpc().MapService<GreeterService>(configure: o => o.Name = "greeter");
        app.Jobs.Every("tick", TimeSpan.FromSeconds(1), job =>
        {
            job.Services.GetRequiredService<TickCounter>().Tick();
            return Task.CompletedTask;
        });
        return app;
    }
}
