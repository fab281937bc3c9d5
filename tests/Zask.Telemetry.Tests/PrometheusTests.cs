using Zask.Telemetry.Tests.Support;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;

namespace Zask.Telemetry.Tests;

/// <summary>
/// The showcase started with <c>--metrics</c> serves Prometheus metrics; a real Prometheus server scrapes it and
/// its HTTP API finds the calls made, by method.
/// </summary>
public sealed class PrometheusTests
{
    private const string CallCounts = "sum by (rpc_method) (rpc_server_call_duration_seconds_count{rpc_service=\"showcase\",rpc_system=\"zerorpc\"})";

    [PrometheusFact]
    public async Task Prometheus_scrapes_the_showcase_and_finds_its_calls_by_method()
    {
        PrometheusFactAttribute.Prometheus.EnsureMet();
        var metrics = new Uri($"http://127.0.0.1:{FreePort.Next()}/metrics");
        using var showcase = await StartShowcaseAsync(metrics);
        using var prometheus = await PrometheusServer.StartAsync(PrometheusFactAttribute.Binary!, metrics);
        await using var client = Connect(showcase);

        for (var i = 0; i < 3; i++)
        {
            await client.CallAsync<string>("hello", "prometheus");
        }
        await client.CallAsync<object>("add", 1, 2);
        await client.CallAsync<object>("add", 3, 4);
        var fail = () => client.CallAsync<object>("fail", "counted");
        await fail.Should().ThrowAsync<RemoteException>();

        Dictionary<string, double> counts = [];
        await Eventually.True(async () =>
        {
            counts = (await prometheus.QueryAsync(CallCounts)).ToDictionary(s => s.Labels["rpc_method"], s => s.Value);
            return counts.GetValueOrDefault("hello") == 3 && counts.GetValueOrDefault("add") == 2 && counts.GetValueOrDefault("fail") == 1;
        }, "Prometheus has scraped the calls, by method", TimeSpan.FromSeconds(60));

        var errors = await prometheus.QueryAsync("rpc_server_call_duration_seconds_count{rpc_service=\"showcase\",error_type=\"ValueError\"}");
        errors.Should().ContainSingle().Which.Labels["rpc_method"].Should().Be("fail");
        var scraped = await prometheus.QueryAsync("up{job=\"zask\"}");
        scraped.Should().ContainSingle().Which.Value.Should().Be(1);
    }

    [Fact]
    public async Task The_metrics_endpoint_serves_the_call_and_transport_metrics_in_the_prometheus_format()
    {
        var metrics = new Uri($"http://127.0.0.1:{FreePort.Next()}/metrics");
        using var showcase = await StartShowcaseAsync(metrics);
        await using var client = Connect(showcase);
        await client.CallAsync<string>("hello", "text");
        await foreach (var _ in client.StreamAsync<long>("range", 7))
        {
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = "";
        await Eventually.True(async () =>
        {
            text = await http.GetStringAsync(metrics);
            return text.Contains("rpc_method=\"range\"", StringComparison.Ordinal);
        }, "the endpoint shows the calls made");

        var lines = text.Split('\n');
        lines.Should().Contain(l => l.StartsWith("rpc_server_call_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("rpc_method=\"hello\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("zask_rpc_server_stream_items_total{", StringComparison.Ordinal)
            && l.Contains("rpc_method=\"range\"", StringComparison.Ordinal) && l.EndsWith(" 7", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("zask_zmtp_io_bytes_total{", StringComparison.Ordinal)
            && l.Contains("network_io_direction=\"receive\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("zask_zmtp_connections{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal),
            "our client's connection is open");
        // The health probe shares the metrics listener's host and port.
        using var health = await http.GetAsync(new Uri(metrics, "/healthz"));
        health.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("127.0.0.1:9464/metrics")]
    [InlineData("http://127.0.0.1:9464")]
    [InlineData("ftp://127.0.0.1:9464/metrics")]
    public async Task A_malformed_metrics_endpoint_stops_the_showcase_naming_the_setting(string endpoint)
    {
        var act = () => ShowcaseChild.StartAsync(ChildPaths.ShowcaseDll, null, FreePort.Endpoint(), ["--metrics", endpoint],
            new Dictionary<string, string>());

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("TELEMETRY_PROMETHEUS_ENDPOINT").And.Contain(endpoint);
    }

    private static Task<ShowcaseChild> StartShowcaseAsync(Uri metrics) =>
        ShowcaseChild.StartAsync(ChildPaths.ShowcaseDll, null, FreePort.Endpoint(), ["--metrics", metrics.ToString()],
            new Dictionary<string, string>());

    private static ZeroRpcClient Connect(ShowcaseChild showcase)
    {
        var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(showcase.Endpoint);
        return client;
    }
}
