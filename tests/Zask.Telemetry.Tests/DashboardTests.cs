using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Showcase;
using Zask.Telemetry;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Server;

namespace Zask.Telemetry.Tests;

/// <summary>
/// The Grafana dashboard in docs/grafana against what a Zask app really serves to Prometheus: every metric its
/// queries read is scraped with the labels they group by, and every Zask metric scraped has a panel.
/// </summary>
public sealed partial class DashboardTests
{
    // Labels Prometheus adds when it scrapes (job, instance) or that every histogram has (le).
    private static readonly HashSet<string> ScrapeLabels = ["job", "instance", "le"];

    [Fact]
    public async Task Each_dashboard_query_reads_metrics_and_labels_a_zask_app_serves_and_each_zask_metric_has_a_panel()
    {
        var queries = DashboardQueries();
        queries.Should().NotBeEmpty();
        var read = queries.SelectMany(q => q.Metrics).ToHashSet();
        using var folder = new TempDir();
        var metrics = new Uri($"http://127.0.0.1:{FreePort.Next()}/metrics");
        using var app = new ZaskApp(new ZaskAppOptions { Name = "dashboard", RootPath = folder.Path, EnvironmentPrefix = null });
        app.Config[TelemetryKeys.PrometheusEndpoint] = metrics.ToString();
        app.Build();

        await MakeEveryMetricAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Dictionary<string, HashSet<string>> scraped = [];
        IEnumerable<string> missing = read;
        try
        {
            await Eventually.True(async () =>
            {
                scraped = Samples(await http.GetStringAsync(metrics));
                missing = read.Where(metric => !scraped.ContainsKey(metric)).ToList();
                return !missing.Any();
            }, "the app serves every metric the dashboard reads", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            // Which metric never came, beside what did, tells a metric that was never recorded from an exporter that failed.
            throw new TimeoutException($"{timeout.Message}; never served: {string.Join(", ", missing.Order(StringComparer.Ordinal))}; "
                + $"served: {string.Join(", ", scraped.Keys.Order(StringComparer.Ordinal))}", timeout);
        }

        foreach (var (expr, metricsRead, groupedBy) in queries)
        {
            var ownLabels = groupedBy.Where(label => !ScrapeLabels.Contains(label)).ToArray();
            foreach (var metric in metricsRead.Where(_ => ownLabels.Length > 0))
            {
                scraped[metric].Should().Contain(ownLabels, "{0} groups {1} by them", expr, metric);
            }
        }
        // The histograms' _bucket, _count and _sum are one metric; a panel that reads one of them shows it.
        var families = scraped.Keys.Where(name => name.StartsWith("rpc_", StringComparison.Ordinal) || name.StartsWith("zask_", StringComparison.Ordinal))
            .Select(name => HistogramSeries().Replace(name, ""))
            .ToHashSet();
        families.Should().OnlyContain(family => read.Any(metric => metric.StartsWith(family, StringComparison.Ordinal)),
            "every Zask metric the app serves has a panel");
    }

    /// <summary>
    /// Calls, a failed one, a stream, a lost server, a connection, and a peer that fails its handshake: something for
    /// every metric. The server and the client run in this process, so the app's exporter reads both sides.
    /// </summary>
    private static async Task MakeEveryMetricAsync()
    {
        await using var server = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions { Name = "dashboard" });
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { ServiceName = "dashboard", Timeout = TimeSpan.FromSeconds(60) });
        client.Connect(endpoint);
        (await client.CallAsync<string>("hello", "grafana")).Should().Be("Hello, grafana!");
        await client.Invoking(c => c.CallAsync<object>("fail", "shown")).Should().ThrowAsync<RemoteException>();
        await foreach (var _ in client.StreamAsync<long>("range", 3))
        {
        }

        // A server that never beats: a client that does declares it lost while a call sleeps there.
        await using var silent = new ZeroRpcServer(new ShowcaseService(), new ZeroRpcServerOptions
        {
            Name = "dashboard",
            Heartbeat = HeartbeatOptions.Disabled,
            ShutdownGracePeriod = TimeSpan.FromSeconds(1),
        });
        await using var beating = new ZeroRpcClient(new ZeroRpcClientOptions
        {
            ServiceName = "dashboard",
            Timeout = TimeSpan.FromSeconds(60),
            Heartbeat = new HeartbeatOptions { Period = TimeSpan.FromMilliseconds(200) },
        });
        beating.Connect(silent.Bind("tcp://127.0.0.1:*"));
        await beating.Invoking(c => c.CallAsync<object>("sleep", 30)).Should().ThrowAsync<LostRemoteException>();

        // A peer that speaks something else than ZMTP fails its greeting.
        var port = new Uri(endpoint).Port;
        using var garbage = new TcpClient();
        await garbage.ConnectAsync("127.0.0.1", port);
        var stream = garbage.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        // The server answers with its own greeting, then closes the connection once ours has failed.
        var buffer = new byte[64];
        try
        {
            while (await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60)) > 0)
            {
            }
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException("the server kept the connection of a peer that failed its greeting open for 60 s", timeout);
        }
    }

    /// <summary>The dashboard's queries: each expression, the metrics it reads and the labels it groups by.</summary>
    private static List<(string Expr, string[] Metrics, string[] GroupedBy)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("docs", "grafana", "zask-dashboard.json")));
        var queries = new List<(string, string[], string[])>();
        Collect(dashboard.RootElement);
        return queries;

        void Collect(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item);
                }
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr")
                {
                    var expr = property.Value.GetString()!;
                    var groupedBy = GroupBy().Matches(expr).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
                    // Label matchers, ranges and groupings name labels, not metrics: what is left names metrics.
                    var bare = GroupBy().Replace(Selector().Replace(expr, ""), "");
                    queries.Add((expr, MetricName().Matches(bare).Select(m => m.Value).Distinct().ToArray(), groupedBy));
                }
                else
                {
                    Collect(property.Value);
                }
            }
        }
    }

    /// <summary>The samples of a Prometheus text exposition: each series name with the label names it is seen with.</summary>
    private static Dictionary<string, HashSet<string>> Samples(string exposition)
    {
        var samples = new Dictionary<string, HashSet<string>>();
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var end = line.IndexOfAny(['{', ' ']);
            var name = line[..end];
            if (!samples.TryGetValue(name, out var labels))
            {
                samples[name] = labels = [];
            }
            if (line[end] == '{')
            {
                labels.UnionWith(LabelName().Matches(line[end..]).Select(m => m.Groups[1].Value));
            }
        }
        return samples;
    }

    [GeneratedRegex(@"\bby \(([^)]*)\)")]
    private static partial Regex GroupBy();

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]")]
    private static partial Regex Selector();

    [GeneratedRegex(@"\b(?:rpc|zask)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();
}
