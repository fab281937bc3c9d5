using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Testing.Tests;

/// <summary>
/// Hooks, validation, roles, events and jobs of an app, each driven through the test host as a test of the app
/// would: clients over inproc, settings and services overridden.
/// </summary>
public sealed class FeatureTests : IDisposable
{
    private static readonly ZeroRpcClientOptions Patient = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly TempDir _dir = new("zask-testhost-features-");
    private readonly ClinicJournal _journal = new();

    public void Dispose() => _dir.Dispose();

    private ZaskTestHost NewHost() => new(() => ClinicApp.Create(_dir.Path, _journal));

    [Fact]
    public async Task A_before_call_hook_refuses_a_call_and_after_call_and_teardown_see_each_outcome()
    {
        await using var host = await NewHost().StartAsync();
        var clinic = host.CreateClient("clinic", options: Patient);

        var refused = (await FluentActions.Awaiting(() => clinic.CallAsync<string>("closed")).Should().ThrowAsync<RemoteException>()).Which;
        refused.Name.Should().Be("Closed");
        (await clinic.CallAsync<string>("admit", "ann", 40)).Should().Be("ann (40)");
        var failed = (await FluentActions.Awaiting(() => clinic.CallAsync<string>("fail")).Should().ThrowAsync<RemoteException>()).Which;
        failed.Name.Should().Be("Overbooked");

        // Teardown runs once the reply is on its way: wait for the last one.
        await Eventually.True(() => _journal.Entries.Count(e => e.StartsWith("teardown ", StringComparison.Ordinal)) == 3, "three teardowns");
        // A call's teardown may run after the next call began: the order is checked per call.
        foreach (var (method, outcome) in new[] { ("closed", "error the clinic is closed for that"), ("admit", "result ann (40)"), ("fail", "error no bed left") })
        {
            _journal.Entries.Where(e => e == $"teardown {method}" || e.StartsWith($"after {method}:", StringComparison.Ordinal))
                .Should().Equal($"after {method}: {outcome}", $"teardown {method}");
        }
        _journal.Entries.Should().NotContain("closed ran", "a refused call's method does not run");
    }

    [Fact]
    public async Task App_life_hooks_run_as_the_host_starts_and_stops()
    {
        var host = await NewHost().StartAsync();
        _journal.Entries.Should().Equal("starting", "started");

        await host.DisposeAsync();
        _journal.Entries.Should().Equal("starting", "started", "stopping", "stopped");
    }

    [Fact]
    public async Task A_failing_starting_hook_fails_the_start_with_its_message()
    {
        await using var host = NewHost().WithConfig("CLINIC_STARTING_FAILURE", "the ward register is unreachable");

        await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("the ward register is unreachable");
        _journal.Entries.Should().NotContain("started");
    }

    [Fact]
    public async Task Invalid_arguments_are_answered_with_ValidationError_and_the_method_does_not_run()
    {
        await using var host = await NewHost().StartAsync();
        var clinic = host.CreateClient("clinic", options: Patient);

        var error = (await FluentActions.Awaiting(() => clinic.CallAsync<string>("admit", "al", 200)).Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("ValidationError");
        var lines = error.RemoteMessage.Split('\n');
        lines[0].Should().Be("admit() got invalid arguments:");
        lines.Skip(1).Should().HaveCount(2).And.Contain(l => l.StartsWith("name: StringLength(3, 20): ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("age: Range(0, 130): ", StringComparison.Ordinal));
        // Had the refused call run, its event would have been handled before the valid call's.
        (await clinic.CallAsync<string>("admit", "bea", 50)).Should().Be("bea (50)");
        await Eventually.True(async () => await clinic.CallAsync<long>("admissions") == 1, "the valid admission's event");
        _journal.Entries.Should().ContainSingle(e => e.StartsWith("event ", StringComparison.Ordinal)).Which.Should().Be("event bea");
    }

    [Fact]
    public async Task A_role_protected_method_is_refused_without_the_roles_key_and_allowed_with_it()
    {
        await using var asNurse = await NewHost().StartAsync();
        await using var asAdmin = await NewHost().WithConfig("ZERORPC_CLINIC", ClinicApp.Entry("admin_key")).StartAsync();
        var nurse = asNurse.CreateClient("clinic", options: Patient);
        var admin = asAdmin.CreateClient("clinic", options: Patient);

        var forbidden = (await FluentActions.Awaiting(() => nurse.CallAsync<string>("discharge", "ann")).Should().ThrowAsync<RemoteException>()).Which;
        forbidden.Name.Should().Be("Forbidden");
        forbidden.RemoteMessage.Should().Contain("requires the role 'admin'");
        (await nurse.CallAsync<string>("admit", "ann", 40)).Should().Be("ann (40)", "the nurse's key opens the other methods");
        (await admin.CallAsync<string>("discharge", "ann")).Should().Be("ann discharged");
    }

    [Fact]
    public async Task An_event_a_method_publishes_is_handled_in_process()
    {
        await using var host = await NewHost().StartAsync();
        var clinic = host.CreateClient("clinic", options: Patient);

        await clinic.CallAsync<string>("admit", "cid", 7);
        await clinic.CallAsync<string>("admit", "dee", 8);

        await Eventually.True(async () => await clinic.CallAsync<long>("admissions") == 2, "both events handled");
        _journal.Entries.Where(e => e.StartsWith("event ", StringComparison.Ordinal)).Should().Equal("event cid", "event dee");
    }

    [Fact]
    public async Task An_interval_job_runs_in_the_host_on_the_real_clock()
    {
        await using var host = await NewHost().StartAsync();
        var clinic = host.CreateClient("clinic", options: Patient);

        await Eventually.True(async () => await clinic.CallAsync<long>("rounds") >= 2, "two runs of the one-second job", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_replaced_service_is_the_one_the_job_uses()
    {
        var replaced = new RecordedRounds();
        await using var host = await NewHost()
            .WithServices(services => services.Replace(ServiceDescriptor.Singleton<IRoundsWork>(replaced)))
            .StartAsync();
        var clinic = host.CreateClient("clinic", options: Patient);

        await Eventually.True(() => replaced.Runs >= 1, "the job to run the replacement", TimeSpan.FromSeconds(60));
        (await clinic.CallAsync<long>("rounds")).Should().Be(0, "the app's own work is not used any more");
    }

    private sealed class RecordedRounds : IRoundsWork
    {
        private long _runs;

        public long Runs => Interlocked.Read(ref _runs);

        public void DoRounds() => Interlocked.Increment(ref _runs);
    }
}
