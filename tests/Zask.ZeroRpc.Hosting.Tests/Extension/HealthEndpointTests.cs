using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>User checks in the report of <c>_zask_health</c> and <c>/healthz</c>, and <c>/healthz</c> beside the Prometheus exporter's listener.</summary>
public class HealthEndpointTests
{
    /// <summary>A service with nothing to say.</summary>
    public sealed class Quiet
    {
        public string Who() => "quiet";
    }

    [Fact]
    public async Task A_user_check_is_in_the_report_and_healthz_shares_the_port_of_the_prometheus_listener()
    {
        var port = FreePort.Next();
        // TELEMETRY_PROMETHEUS_ENDPOINT starts the app's Prometheus exporter: another HttpListener of this process on
        // the same port.
        var broken = false;
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 2,
            TELEMETRY_PROMETHEUS_ENDPOINT = $"http://127.0.0.1:{port}/metrics",
            ZERORPC_QUIET = new Dictionary<string, object> { ["default"] = "1.0", ["1.0"] = endpoint, ["access_key"] = "k" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var server = rpc.Server(new Quiet(), new ZeroRpcServerOptions { Name = "quiet" });
        server.Bind(endpoint);
        test.App.Services.AddHealthChecks().AddCheck("queue", () => broken ? HealthCheckResult.Unhealthy("stuck") : HealthCheckResult.Healthy("moving"));
        await test.App.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var client = rpc.Client("quiet");

        using var healthy = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"))).Should().Contain("target_info", "the exporter still answers its path");
        var report = await client.CallAsync<Dictionary<string, object?>>("_zask_health");
        broken = true;
        using var unhealthy = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));

        healthy.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var body = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync()))
        {
            body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("queue", "zerorpc");
        }
        report["status"].Should().Be("Healthy");
        unhealthy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        using (var body = JsonDocument.Parse(await unhealthy.Content.ReadAsStringAsync()))
        {
            var queue = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "queue");
            queue.GetProperty("status").GetString().Should().Be("Unhealthy");
            queue.GetProperty("description").GetString().Should().Be("stuck");
        }
    }

    [Fact]
    public async Task A_server_that_stops_serving_makes_the_zerorpc_check_and_healthz_unhealthy()
    {
        var port = FreePort.Next();
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 2,
            HEALTH_HTTP_ENDPOINT = $"http://127.0.0.1:{port}",
            ZERORPC_QUIET = new Dictionary<string, object> { ["default"] = "1.0", ["1.0"] = endpoint },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var server = rpc.Server(new Quiet(), new ZeroRpcServerOptions { Name = "quiet" });
        server.Bind(endpoint);
        await test.App.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var probe = new Uri($"http://127.0.0.1:{port}/healthz");

        using (var serving = await http.GetAsync(probe))
        {
            serving.StatusCode.Should().Be(HttpStatusCode.OK);
            ZeroRpcCheck(await serving.Content.ReadAsStringAsync()).Should().Be(("Healthy", $"quiet bound to {endpoint}"));
        }
        await server.StopAsync();

        using var stopped = await http.GetAsync(probe);
        stopped.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a stopped server takes no calls");
        ZeroRpcCheck(await stopped.Content.ReadAsStringAsync()).Should().Be(("Unhealthy", "quiet is stopping"));
    }

    /// <summary>The status and description of the built-in <c>zerorpc</c> check in a <c>/healthz</c> body.</summary>
    private static (string? Status, string? Description) ZeroRpcCheck(string body)
    {
        using var report = JsonDocument.Parse(body);
        var check = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "zerorpc");
        return (check.GetProperty("status").GetString(), check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_malformed_health_endpoint_stops_the_app_naming_the_key()
    {
        await using var test = new TestApp(new { HEALTH_HTTP_ENDPOINT = "tcp://127.0.0.1:1" });
        _ = new ZeroRpcExtension(test.App);

        var start = () => test.App.StartAsync();

        (await start.Should().ThrowAsync<ConfigException>()).Which.Message.Should().StartWith("HEALTH_HTTP_ENDPOINT: 'tcp://127.0.0.1:1' is not an http://host:port URL");
    }
}
