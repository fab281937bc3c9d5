using System.Net;
using System.Text.Json;

namespace Zask.Cli.Tests;

/// <summary><c>zask health</c> and <c>/healthz</c> against real showcase processes: healthy, a lost database, access keys.</summary>
public sealed class HealthTests
{
    private static string Config(TempDir folder, string entry, string extraKeys = "") => ShowcaseChild.WriteConfig(folder, "showcase", entry, extraKeys);

    [Fact]
    public async Task A_healthy_showcase_reports_each_check_and_exits_0_and_a_lost_database_makes_it_unhealthy()
    {
        using var folder = new TempDir("zask-health-");
        var httpPort = FreePort.Next();
        var endpoint = FreePort.Endpoint();
        var config = Config(folder, $$"""{ "1.0": "{{endpoint}}", "default": "1.0" }""", $"\"HEALTH_HTTP_ENDPOINT\": \"http://127.0.0.1:{httpPort}\",");
        using var showcase = await ShowcaseChild.StartAsync(BuildOutputs.Showcase, config, endpoint);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var healthy = await Cli.RunAsync("health", showcase.Endpoint);
        using var healthyProbe = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"));

        healthy.ExitCode.Should().Be(0, healthy.ToString());
        healthy.Lines[0].Should().StartWith("Healthy (");
        healthy.Lines.Should().Contain(l => l.StartsWith("  database  Healthy  ", StringComparison.Ordinal));
        healthy.Lines.Should().Contain(l => l.StartsWith("  zerorpc  Healthy  ", StringComparison.Ordinal) && l.EndsWith($"showcase bound to {showcase.Endpoint}", StringComparison.Ordinal));
        healthyProbe.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var body = JsonDocument.Parse(await healthyProbe.Content.ReadAsStringAsync()))
        {
            body.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
            body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("database", "zerorpc");
        }

        File.Delete(Path.Combine(folder.Path, "showcase.db"));

        var unhealthy = await Cli.RunAsync("health", showcase.Endpoint);
        using var unhealthyProbe = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"));
        unhealthy.ExitCode.Should().Be(ExitCodes.Unhealthy, unhealthy.ToString());
        unhealthy.Lines[0].Should().StartWith("Unhealthy (");
        unhealthy.Lines.Should().Contain(l => l.StartsWith("  database  Unhealthy  ", StringComparison.Ordinal));
        unhealthyProbe.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task The_health_method_needs_the_access_key_unless_the_entry_makes_it_public()
    {
        using var closedFolder = new TempDir("zask-health-key-");
        using var openFolder = new TempDir("zask-health-public-");
        var (closedEndpoint, openEndpoint) = (FreePort.Endpoint(), FreePort.Endpoint());
        using var closed = await ShowcaseChild.StartAsync(BuildOutputs.Showcase,
            Config(closedFolder, $$"""{ "1.0": "{{closedEndpoint}}", "client_keys": ["probe-key"] }"""), closedEndpoint);
        using var open = await ShowcaseChild.StartAsync(BuildOutputs.Showcase,
            Config(openFolder, $$"""{ "1.0": "{{openEndpoint}}", "client_keys": ["probe-key"], "health_public": true }"""), openEndpoint);

        var closedWithoutKey = await Cli.RunAsync("health", closed.Endpoint);
        var closedWithKey = await Cli.RunAsync("health", closed.Endpoint, "--access-key", "probe-key");
        var openWithoutKey = await Cli.RunAsync("health", open.Endpoint);
        var openOtherMethod = await Cli.RunAsync("call", open.Endpoint, "hello", "x");

        closedWithoutKey.ExitCode.Should().Be(ExitCodes.RemoteError, closedWithoutKey.ToString());
        closedWithoutKey.Stderr.Should().Contain("NoSuchAccessKey");
        closedWithKey.ExitCode.Should().Be(0, closedWithKey.ToString());
        openWithoutKey.ExitCode.Should().Be(0, openWithoutKey.ToString());
        openWithoutKey.Lines[0].Should().StartWith("Healthy (");
        openOtherMethod.ExitCode.Should().Be(ExitCodes.RemoteError, "health_public opens the health method only");
        openOtherMethod.Stderr.Should().Contain("NoSuchAccessKey");
    }

    [Fact]
    public async Task An_unreachable_server_exits_2()
    {
        var result = await Cli.RunAsync("health", FreePort.Endpoint(), "--timeout", "1");

        result.ExitCode.Should().Be(ExitCodes.Unreachable, result.ToString());
    }

    [Fact]
    public async Task A_malformed_health_public_stops_the_showcase_naming_the_key()
    {
        using var folder = new TempDir("zask-health-bad-");
        var endpoint = FreePort.Endpoint();
        var start = () => ShowcaseChild.StartAsync(BuildOutputs.Showcase, Config(folder, $$"""{ "1.0": "{{endpoint}}", "health_public": "yes" }"""), endpoint);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("health_public");
    }
}
