using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zask.Bench.Scenarios;

namespace Zask.Bench.Reporting;

/// <summary>Everything one run measured, and its JSON form.</summary>
internal sealed class BenchReport(BenchSettings settings)
{
    private readonly Dictionary<string, ScenarioResult> _scenarios = new(StringComparer.Ordinal);

    public BenchSettings Settings { get; } = settings;

    public IReadOnlyCollection<ScenarioResult> Scenarios => _scenarios.Values;

    public MemoryResult? Memory { get; set; }

    /// <summary>The machine's 1-minute load average before and after the run (null off Linux).</summary>
    public (double? Before, double? After) Load { get; set; }

    public void Add(ScenarioResult result) => _scenarios[result.Key] = result;

    public IReadOnlyList<RatioValue> Ratios() =>
        RatioSpec.For(Settings.InFlight, Settings.Clients).Select(spec => new RatioValue(spec, Ratio(spec))).ToArray();

    private double? Ratio(RatioSpec spec) =>
        _scenarios.TryGetValue(spec.Numerator, out var top) && _scenarios.TryGetValue(spec.Denominator, out var bottom)
            && top.Error is null && bottom.Error is null && bottom.CallsPerSecond > 0
            ? top.CallsPerSecond / bottom.CallsPerSecond
            : null;

    public JsonObject ToJson()
    {
        var scenarios = new JsonObject();
        foreach (var s in _scenarios.Values)
        {
            var node = new JsonObject { ["description"] = s.Description };
            if (s.Error is not null)
            {
                node["error"] = s.Error;
            }
            else if (s.ItemsPerSecond is { } items)
            {
                node["items_per_s"] = Math.Round(items);
                node["streams"] = s.Calls;
            }
            else
            {
                node["calls_per_s"] = Math.Round(s.CallsPerSecond);
                node["p50_us"] = Math.Round(s.P50Micros, 1);
                node["p99_us"] = Math.Round(s.P99Micros, 1);
                node["calls"] = s.Calls;
            }
            node["seconds"] = Math.Round(s.Seconds, 3);
            if (s.Error is null && !double.IsNaN(s.ClientCpuMicros))
            {
                // Per call, or per item for a stream.
                node["client_cpu_us"] = Math.Round(s.ClientCpuMicros, 2);
                node["server_cpu_us"] = double.IsNaN(s.ServerCpuMicros) ? null : Math.Round(s.ServerCpuMicros, 2);
            }
            scenarios[s.Key] = node;
        }
        var ratios = new JsonObject();
        var targets = new JsonObject();
        foreach (var r in Ratios())
        {
            ratios[r.Spec.Key] = r.Value is { } v ? Math.Round(v, 3) : null;
            if (r.Spec.Target is { } target)
            {
                targets[r.Spec.Key] = new JsonObject { ["target"] = target, ["met"] = r.Met };
            }
        }
        var root = new JsonObject
        {
            ["scenarios"] = scenarios,
            ["ratios"] = ratios,
            ["targets"] = targets,
            ["settings"] = new JsonObject
            {
                ["warmup_s"] = Settings.Warmup.TotalSeconds,
                ["measure_s"] = Settings.Measure.TotalSeconds,
                ["in_flight"] = Settings.InFlight,
                ["clients"] = Settings.Clients,
            },
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["utc"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
                ["load_avg_1m_before"] = Load.Before,
                ["load_avg_1m_after"] = Load.After,
            },
        };
        if (Memory is { } m)
        {
            root["memory"] = new JsonObject
            {
                ["calls"] = m.Calls,
                ["seconds"] = Math.Round(m.Seconds, 2),
                ["working_set_before_bytes"] = m.Before.WorkingSetBytes,
                ["working_set_after_bytes"] = m.After.WorkingSetBytes,
                ["working_set_growth_pct"] = Math.Round(m.WorkingSetGrowthPercent, 2),
                ["managed_after_gc_before_bytes"] = m.BeforeAfterGc.ManagedBytes,
                ["managed_after_gc_after_bytes"] = m.AfterAfterGc.ManagedBytes,
                ["managed_after_gc_growth_pct"] = Math.Round(m.ManagedAfterGcGrowthPercent, 2),
                ["server_allocated_bytes_per_call"] = Math.Round(m.ServerBytesPerCall, 1),
                ["trace"] = new JsonArray(m.Trace.Select(t => (JsonNode)new JsonObject
                {
                    ["calls"] = t.CallsDone,
                    ["working_set_bytes"] = t.WorkingSetBytes,
                    ["managed_bytes"] = t.ManagedBytes,
                }).ToArray()),
            };
        }
        return root;
    }

    public void WriteJson(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
    }
}
