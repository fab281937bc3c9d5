using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zask.Bench.Scenarios;

namespace Zask.Bench.Reporting;

/// <summary>
/// Everything one run measured, and its JSON form. A run of several rounds reports, for each figure and each ratio,
/// the median over the rounds; each ratio is still taken within one round, so both sides of it saw the same machine.
/// </summary>
internal sealed class BenchReport(BenchSettings settings)
{
    private readonly Dictionary<string, ScenarioResult> _scenarios = new(StringComparer.Ordinal);
    private IReadOnlyList<BenchReport> _rounds = [];

    public BenchSettings Settings { get; } = settings;

    public IReadOnlyCollection<ScenarioResult> Scenarios => _scenarios.Values;

    public MemoryResult? Memory { get; set; }

    /// <summary>The machine's 1-minute load average before and after the run (null off Linux).</summary>
    public (double? Before, double? After) Load { get; set; }

    /// <summary>How many rounds the figures are medians of (1 for a single round).</summary>
    public int RoundCount => Math.Max(1, _rounds.Count);

    public void Add(ScenarioResult result) => _scenarios[result.Key] = result;

    public IReadOnlyList<RatioValue> Ratios() =>
        RatioSpec.For(Settings.InFlight, Settings.Clients).Select(spec => new RatioValue(spec, RoundsMedian(spec) ?? Ratio(spec))).ToArray();

    /// <summary>Combines rounds: each scenario's figures and each ratio become medians over the rounds.</summary>
    public static BenchReport Combine(BenchSettings settings, IReadOnlyList<BenchReport> rounds)
    {
        var combined = new BenchReport(settings) { _rounds = rounds.Count > 1 ? rounds : [] };
        foreach (var key in rounds.SelectMany(r => r._scenarios.Keys).Distinct())
        {
            var results = rounds.Select(r => r._scenarios.GetValueOrDefault(key)).OfType<ScenarioResult>().ToArray();
            var measured = results.Where(r => r.Error is null).ToArray();
            if (measured.Length == 0)
            {
                combined.Add(results[0]);
                continue;
            }
            combined.Add(measured[0] with
            {
                // Calls and seconds of the median round by throughput, so that calls/s stays their quotient.
                Calls = MedianRound(measured).Calls,
                Seconds = MedianRound(measured).Seconds,
                P50Micros = Median.Of(measured.Select(r => r.P50Micros)),
                P99Micros = Median.Of(measured.Select(r => r.P99Micros)),
                ClientCpuMicros = Median.Of(measured.Select(r => r.ClientCpuMicros)),
                ServerCpuMicros = Median.Of(measured.Select(r => r.ServerCpuMicros)),
                ClientBytesPerCall = Median.Of(measured.Select(r => r.ClientBytesPerCall)),
                ClientWorkItemsPerCall = Median.Of(measured.Select(r => r.ClientWorkItemsPerCall)),
                ClientSwitchesPerCall = Median.Of(measured.Select(r => r.ClientSwitchesPerCall)),
                ServerSwitchesPerCall = Median.Of(measured.Select(r => r.ServerSwitchesPerCall)),
                ItemsPerSecond = measured[0].ItemsPerSecond is null ? null : Median.Of(measured.Select(r => r.ItemsPerSecond ?? double.NaN)),
            });
        }
        return combined;
    }

    private static ScenarioResult MedianRound(ScenarioResult[] measured) =>
        measured.OrderBy(r => r.ItemsPerSecond ?? r.CallsPerSecond).ElementAt(measured.Length / 2);

    private double? RoundsMedian(RatioSpec spec)
    {
        if (_rounds.Count == 0)
        {
            return null;
        }
        var median = Median.Of(_rounds.Select(r => r.Ratio(spec) ?? double.NaN));
        return double.IsNaN(median) ? null : median;
    }

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
                node["cores_busy"] = double.IsNaN(s.CoresBusy) ? null : Math.Round(s.CoresBusy, 2);
                node["client_alloc_bytes_per_call"] = double.IsNaN(s.ClientBytesPerCall) ? null : Math.Round(s.ClientBytesPerCall, 1);
                node["client_work_items_per_call"] = Rounded(s.ClientWorkItemsPerCall);
                node["client_switches_per_call"] = Rounded(s.ClientSwitchesPerCall);
                node["server_switches_per_call"] = Rounded(s.ServerSwitchesPerCall);
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
        foreach (var c in CpuTarget.For(Settings.InFlight))
        {
            var measured = CpuTarget.Measured(_scenarios.GetValueOrDefault(c.Scenario));
            targets[$"{c.Scenario}_cpu_us_per_call"] = new JsonObject
            {
                ["target_max"] = Math.Round(c.MaxMicros, 2),
                ["reference"] = c.ReferenceMicros,
                ["reference_run"] = c.Reference,
                ["value"] = measured is { } cpu ? Math.Round(cpu, 2) : null,
                ["met"] = measured is { } v ? v <= c.MaxMicros : null,
            };
        }
        var root = new JsonObject
        {
            ["scenarios"] = scenarios,
            ["ratios"] = ratios,
            ["targets"] = targets,
            ["rounds"] = new JsonArray(_rounds.Select(round => (JsonNode)new JsonObject
            {
                ["ratios"] = new JsonObject(RatioSpec.For(Settings.InFlight, Settings.Clients)
                    .Select(spec => KeyValuePair.Create(spec.Key, (JsonNode?)(round.Ratio(spec) is { } v ? JsonValue.Create(Math.Round(v, 3)) : null)))),
                ["calls_per_s"] = new JsonObject(round._scenarios.Values.Where(s => s.Error is null)
                    .Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(Math.Round(s.ItemsPerSecond ?? s.CallsPerSecond))))),
            }).ToArray()),
            ["settings"] = new JsonObject
            {
                ["warmup_s"] = Settings.Warmup.TotalSeconds,
                ["measure_s"] = Settings.Measure.TotalSeconds,
                ["rounds"] = RoundCount,
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
                ["netmq_clock"] = "stock (Zask no longer touches NetMQ's clock)",
                ["socket_completions"] = Infrastructure.SocketCompletions.Describe(),
                ["zask_transport"] = Servers.ZaskCurve.Transport,
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
                ["server_io_thread_bytes_per_call"] = Math.Round(m.IoThreadBytesPerCall, 1),
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

    private static double? Rounded(double perCall) => double.IsNaN(perCall) ? null : Math.Round(perCall, 2);

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
