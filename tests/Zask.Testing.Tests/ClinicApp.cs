using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Zask.Events;
using Zask.Jobs;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace Zask.Testing.Tests;

/// <summary>What the app's hooks and handlers saw, kept by the test beyond the app's life.</summary>
public sealed class ClinicJournal
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);
}

/// <summary>Counts the patients the <c>patient_added</c> handler has heard of.</summary>
public sealed class AdmissionCounter
{
    private long _seen;

    public long Seen => Interlocked.Read(ref _seen);

    public void Add() => Interlocked.Increment(ref _seen);
}

/// <summary>The work of the clinic's interval job; the tests replace it.</summary>
public interface IRoundsWork
{
    void DoRounds();
}

/// <summary>The production rounds: counted.</summary>
public sealed class CountedRounds : IRoundsWork
{
    private long _rounds;

    public long Rounds => Interlocked.Read(ref _rounds);

    public void DoRounds() => Interlocked.Increment(ref _rounds);
}

/// <summary>The clinic's ZeroRPC methods, each exercising one feature.</summary>
[ZeroRpcService("clinic")]
public sealed class ClinicService(EventBus events, AdmissionCounter admissions, CountedRounds rounds, ClinicJournal journal)
{
    /// <summary>Validated; publishes <c>patient_added</c> in process.</summary>
    public string Admit([Required, StringLength(20, MinimumLength = 3)] string name, [Range(0, 130)] int age)
    {
        events.Publish(ClinicApp.PatientAdded, name);
        return $"{name} ({age})";
    }

    public long Admissions() => admissions.Seen;

    public long Rounds() => rounds.Rounds;

    /// <summary>Refused by the before-call hook: never runs.</summary>
    public string Closed()
    {
        journal.Add("closed ran");
        return "open";
    }

    public string Fail() => throw new ZeroRpcException("Overbooked", "no bed left");

    [RequireRole("admin")]
    public string Discharge(string name) => $"{name} discharged";
}

/// <summary>Counts admissions from the in-process event.</summary>
public sealed class AdmissionHandler(AdmissionCounter admissions, ClinicJournal journal)
{
    [OnEvent(ClinicApp.PatientAdded)]
    public void OnPatientAdded(string name)
    {
        admissions.Add();
        journal.Add($"event {name}");
    }
}

/// <summary>The clinic's job on a service class, run every second on the real clock.</summary>
public sealed class Rounds(IRoundsWork work)
{
    [Every(1, Name = "rounds")]
    public void Run() => work.DoRounds();
}

/// <summary>
/// A small app using every feature of issue 21 at once: call hooks, app-life hooks, validation, roles, the event bus
/// and a job, its service mapped through DI from its config entry.
/// </summary>
public static class ClinicApp
{
    public const string PatientAdded = "patient_added";

    /// <summary>The clinic's entry, calling with <paramref name="accessKey"/>: the admin's key has the role admin.</summary>
    public static Dictionary<string, object?> Entry(string accessKey) => new()
    {
        ["1.0"] = "tcp://127.0.0.1:1", ["default"] = "1.0", ["access_key"] = accessKey,
        ["client_keys"] = new[] { "admin_key", "nurse_key" },
        ["roles"] = new Dictionary<string, object?> { ["admin"] = new[] { "admin_key" } },
    };

    public static ZaskApp Create(string root, ClinicJournal journal)
    {
        var app = new ZaskApp(new ZaskAppOptions { Name = "clinic", RootPath = root, EnvironmentPrefix = null });
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = "error.log";
        app.Config["ZERORPC_CLINIC"] = Entry("nurse_key");
        app.Services.AddSingleton(journal);
        app.Services.AddSingleton<AdmissionCounter>();
        app.Services.AddSingleton<CountedRounds>();
        app.Services.AddSingleton<IRoundsWork>(services => services.GetRequiredService<CountedRounds>());
        app.OnStarting(services => services.GetRequiredService<ClinicJournal>().Add("starting"));
        app.OnStarted(services => services.GetRequiredService<ClinicJournal>().Add("started"));
        app.OnStopping(services => services.GetRequiredService<ClinicJournal>().Add("stopping"));
        app.OnStopped(services => services.GetRequiredService<ClinicJournal>().Add("stopped"));
        if (app.Config.TryGetValue("CLINIC_STARTING_FAILURE", out var raw) && raw is string failure)
        {
            app.OnStarting(_ => throw new InvalidOperationException(failure));
        }
        app.Events.Subscribe<AdmissionHandler>();
        app.Jobs.AddService<Rounds>();

        var rpc = app.Services.AddZeroRpc().MapService<ClinicService>();
        rpc.Extension.Hooks
            .BeforeCall((call, services) =>
            {
                if (call.MethodName == "closed")
                {
                    throw new ZeroRpcException("Closed", "the clinic is closed for that");
                }
            })
            .AfterCall((call, services) => services.GetRequiredService<ClinicJournal>()
                .Add($"after {call.MethodName}: {(call.Exception is { } error ? "error " + error.Message : "result " + call.Result)}"))
            .Teardown((call, services) => services.GetRequiredService<ClinicJournal>().Add($"teardown {call.MethodName}"));
        return app;
    }
}
