using ScottPlot;

namespace Zask.Bench.Reporting;

/// <summary>
/// Draws the ratios as bars with each target as a red tick across its bar, so a reader sees at a glance which
/// targets were met. Rendered with ScottPlot (SkiaSharp, no display needed).
/// </summary>
internal static class RatioChart
{
    public static void Write(BenchReport report, string path)
    {
        var ratios = report.Ratios().Where(r => r.Value.HasValue).ToArray();
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
        var rounds = report.RoundCount > 1 ? $", median of {report.RoundCount} rounds" : "";
        plot.Title($"Zask throughput ratios ({report.Settings.Measure.TotalSeconds:0} s per scenario{rounds}, {Environment.ProcessorCount} cores, loopback)");
        plot.YLabel("ratio of calls/s");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1100, 560);
    }
}
