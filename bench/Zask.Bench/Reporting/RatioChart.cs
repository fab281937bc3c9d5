using System.Text.Json.Nodes;
using ScottPlot;

namespace Zask.Bench.Reporting;

/// <summary>
/// Draws the ratios as bars with each target as a red tick across its bar, so a reader sees at a glance which
/// targets were met. Rendered with ScottPlot (SkiaSharp, no display needed).
/// </summary>
internal static class RatioChart
{
    public static void Write(BenchReport report, string path) =>
        Write(report.Ratios(), report.Settings.Measure.TotalSeconds, report.RoundCount, path);

    /// <summary>Redraws the chart of a run saved with <c>--json</c>.</summary>
    public static void WriteFromJson(string jsonPath, string path)
    {
        var run = JsonNode.Parse(File.ReadAllText(jsonPath)) as JsonObject;
        if (run?["ratios"] is not JsonObject measured || run["settings"]?["measure_s"] is not JsonValue seconds
            || run["settings"]?["rounds"] is not JsonValue rounds)
        {
            throw new FormatException("it has no \"ratios\" and \"settings\" (measure_s, rounds)");
        }
        var targets = run["targets"] as JsonObject;
        var ratios = measured.Select(ratio =>
        {
            var sides = ratio.Key.Split('/');
            if (sides.Length != 2)
            {
                throw new FormatException($"the ratio \"{ratio.Key}\" is not \"a/b\"");
            }
            var target = targets?[ratio.Key]?["target"]?.GetValue<double>();
            return new RatioValue(new RatioSpec(sides[0], sides[1], target), ratio.Value?.GetValue<double>());
        }).ToList();
        Write(ratios, seconds.GetValue<double>(), rounds.GetValue<int>(), path);
    }

    private static void Write(IReadOnlyList<RatioValue> all, double seconds, int rounds, string path)
    {
        var ratios = all.Where(r => r.Value.HasValue).ToArray();
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < ratios.Length; i++)
        {
            var r = ratios[i];
            var value = r.Value!.Value;
            var colour = r.Met switch
            {
                true => Colors.SeaGreen,
                false => Colors.DarkOrange,
                null => Colors.SteelBlue,
            };
            bars.Add(new Bar { Position = i, Value = value, FillColor = colour, Label = value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) });
            ticks.Add(new Tick(i, r.Spec.Key.Replace("/", "\n/ ", StringComparison.Ordinal)));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        for (var i = 0; i < ratios.Length; i++)
        {
            if (ratios[i].Spec.Target is { } target)
            {
                var line = plot.Add.Line(i - 0.45, target, i + 0.45, target);
                line.LineColor = Colors.Red;
                line.LineWidth = 3;
                line.LinePattern = LinePattern.Dashed;
                if (i == 0)
                {
                    line.LegendText = "target";
                }
            }
        }
        var parity = plot.Add.HorizontalLine(1.0);
        parity.LineColor = Colors.Gray;
        parity.LinePattern = LinePattern.Dotted;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        var median = rounds > 1 ? $", median of {rounds} rounds" : "";
        plot.Title($"Zask throughput ratios ({seconds:0} s per scenario{median}, {Environment.ProcessorCount} cores, loopback)");
        plot.YLabel("ratio of calls/s");
        plot.ShowLegend(Alignment.UpperLeft);
        // Room for each bar's two-line label (the longest key is about 16 characters a line).
        plot.SavePng(path, Math.Max(1100, 140 * ratios.Length), 560);
    }
}
