using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zask.Reliability.Tests.Support;

/// <summary>
/// Collects every test's figures for the run and rewrites <c>reliability-report.json</c> beside the test assembly
/// after each test, so the file is complete whichever subset of tests ran (and survives an aborted run).
/// </summary>
public static class ReliabilityReport
{
    private static readonly object Gate = new();
    private static readonly SortedDictionary<string, ReliabilityFigures> Tests = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Where the report goes: <c>ZASK_RELIABILITY_REPORT</c>, or beside the test assembly.</summary>
    public static string FilePath =>
        Environment.GetEnvironmentVariable("ZASK_RELIABILITY_REPORT") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "reliability-report.json");

    /// <summary>Adds one test's figures, writes them to the test output and rewrites the report file.</summary>
    public static void Record(string test, ReliabilityFigures figures, ITestOutputHelper output)
    {
        var entry = ToJson(figures);
        output.WriteLine($"reliability figures for {test}:");
        output.WriteLine(entry.ToJsonString(Indented));
        string text;
        lock (Gate)
        {
            Tests[test] = figures;
            text = Build().ToJsonString(Indented);
            File.WriteAllText(FilePath, text);
        }
        output.WriteLine($"report written to {FilePath}");
    }

    private static JsonObject Build()
    {
        var tests = new JsonObject();
        long made = 0, succeeded = 0, lost = 0, byFault = 0, duplicated = 0, wrong = 0, items = 0, injected = 0, survived = 0, sent = 0, rejected = 0;
        foreach (var (name, f) in Tests)
        {
            tests[name] = ToJson(f);
            made += f.CallsMade;
            succeeded += f.CallsSucceeded;
            lost += f.CallsLost;
            byFault += f.CallsFailedByFault;
            duplicated += f.CallsDuplicated;
            wrong += f.WrongCaller;
            items += f.StreamItems;
            injected += f.FaultsInjected;
            survived += f.FaultsSurvived;
            sent += f.MalformedSent;
            rejected += f.MalformedRejected;
        }
        return new JsonObject
        {
            ["generated_utc"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = Environment.OSVersion.ToString(),
                ["runtime"] = Environment.Version.ToString(),
            },
            ["totals"] = new JsonObject
            {
                ["calls_made"] = made,
                ["calls_succeeded"] = succeeded,
                ["calls_lost"] = lost,
                ["calls_failed_by_injected_fault"] = byFault,
                ["calls_duplicated"] = duplicated,
                ["replies_to_wrong_caller"] = wrong,
                ["stream_items_checked"] = items,
                ["faults_injected"] = injected,
                ["faults_survived"] = survived,
                ["malformed_inputs_sent"] = sent,
                ["malformed_inputs_rejected"] = rejected,
            },
            ["tests"] = tests,
        };
    }

    private static JsonObject ToJson(ReliabilityFigures f)
    {
        var json = new JsonObject
        {
            ["duration_seconds"] = Math.Round(f.Duration.TotalSeconds, 3),
            ["calls_made"] = f.CallsMade,
            ["calls_succeeded"] = f.CallsSucceeded,
            ["calls_lost"] = f.CallsLost,
            ["calls_failed_by_injected_fault"] = f.CallsFailedByFault,
            ["calls_duplicated"] = f.CallsDuplicated,
            ["replies_to_wrong_caller"] = f.WrongCaller,
            ["stream_items_checked"] = f.StreamItems,
            ["faults_injected"] = f.FaultsInjected,
            ["faults_survived"] = f.FaultsSurvived,
            ["malformed_inputs_sent"] = f.MalformedSent,
            ["malformed_inputs_rejected"] = f.MalformedRejected,
        };
        lock (f.Extra)
        {
            foreach (var (key, value) in f.Extra)
            {
                json[key] = JsonSerializer.SerializeToNode(value);
            }
        }
        return json;
    }
}
