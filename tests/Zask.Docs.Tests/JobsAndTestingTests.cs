using DocsSamples;
using Microsoft.Extensions.DependencyInjection;
using Zask.Docs.Tests.Support;

namespace Zask.Docs.Tests;

public class JobsAndTestingTests
{
    [Fact]
    public void The_jobs_samples_declare_what_jobs_md_says()
    {
        using var dir = new TempDir();
        using var app = JobsSamples.CreateApp(dir.Path);
        JobsSamples.AddServiceJobs(app).Select(j => j.Name).Should().Equal("CartMaintenance.PurgeExpired", "CartMaintenance.NightlyReport");
        JobsSamples.FleetJob(app).RunsOncePerFleet.Should().BeTrue();

        app.Jobs.All.Select(j => j.Name).Should().Equal("purge_carts", "weekly_digest", "RebuildIndex",
            "CartMaintenance.PurgeExpired", "CartMaintenance.NightlyReport", "send_invoices");
        app.Jobs.All.Single(j => j.Name == "CartMaintenance.NightlyReport").RunsOncePerFleet.Should().BeTrue();
        var monday = app.Jobs.All.Single(j => j.Name == "weekly_digest").Schedule.NextAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        monday.Should().Be(new DateTimeOffset(2026, 1, 5, 7, 30, 0, TimeSpan.Zero), "08:30 in Paris on the first Monday");
    }

    [Fact]
    public async Task The_service_jobs_run_in_their_scope()
    {
        using var dir = new TempDir();
        await using var app = JobsSamples.CreateApp(dir.Path);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 4, 59, TimeSpan.Zero));
        app.Services.AddSingleton<TimeProvider>(time);
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = dir.Combine("error.log");
        await app.StartAsync();
        time.Advance(TimeSpan.FromSeconds(1));

        var carts = app.ServiceProvider.GetRequiredService<CartStore>();
        await Eventually.True(() => carts.Purges == 1, "purge_carts at 00:05");
        await app.StopAsync();
    }

    [Fact]
    public async Task The_test_host_samples_run_as_printed()
    {
        using var dir = new TempDir();
        dir.File("settings.json", MarkdownBlocks.Json("testing-settings"));

        var (byName, typed) = await TestingSamples.CallAsync(dir.Path);
        byName.Should().Be(11m);
        typed.Should().Be(11m);
        (await TestingSamples.ReplacedAsync(dir.Path)).Should().Be(20m);
        (await TestingSamples.JobsAsync(dir.Path)).Should().Be(1);
        (await TestingSamples.RolesAsync(dir.Path)).Should().Be(("Forbidden", "purged"));
    }
}
