using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Zask.Telemetry.Tests.Support;

/// <summary>
/// A real Prometheus server of the test's own: a generated config that scrapes one target every second, free ports,
/// its data in a temporary folder; killed and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly TempDir _folder = new();
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(string binary, Uri target)
    {
        var config = Path.Combine(_folder.Path, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: zask
                metrics_path: {target.AbsolutePath}
                static_configs:
                  - targets: ['{target.Authority}']
            """);
        Url = $"http://127.0.0.1:{FreePort.Next()}";
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_folder.Path, "data")}",
            $"--web.listen-address={new Uri(Url).Authority}",
        })
        {
            info.ArgumentList.Add(argument);
        }
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The server's HTTP API base URL.</summary>
    public string Url { get; }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server that scrapes <paramref name="target"/>, once it answers that it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string binary, Uri target)
    {
        var server = new PrometheusServer(binary, target);
        try
        {
            await Eventually.True(async () => !server._process.HasExited && await server.IsReadyAsync(),
                "Prometheus answers /-/ready", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            var output = server.Output;
            server.Dispose();
            throw new InvalidOperationException($"Prometheus did not start: {output}", ex);
        }
        return server;
    }

    /// <summary>Runs an instant query; returns each series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        using var response = await _http.GetAsync($"{Url}/api/v1/query?query={Uri.EscapeDataString(query)}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var series = new List<(Dictionary<string, string>, double)>();
        foreach (var item in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            series.Add((labels, value));
        }
        return series;
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"{Url}/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        _process.KillTree();
        _process.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }
}
