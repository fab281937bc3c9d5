using System.Globalization;
using Spectre.Console;
using Zask.Bench.Scenarios;

namespace Zask.Bench.Reporting;

/// <summary>Prints a run as terminal tables: ratios first (what the targets are about), then the raw figures.</summary>
internal static class ResultTable
{
    public static void Print(BenchReport report)
    {
        var ratios = new Table().Title("[bold]Ratios (calls/s over calls/s)[/]")
            .AddColumn("ratio").AddColumn(new TableColumn("value").RightAligned())
            .AddColumn(new TableColumn("target").RightAligned()).AddColumn("met");
        foreach (var r in report.Ratios())
        {
            ratios.AddRow(
                Markup.Escape(r.Spec.Key),
                r.Value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a",
                r.Spec.Target is { } t ? "≥ " + t.ToString("0.00", CultureInfo.InvariantCulture) : "",
                r.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "" });
        }
        AnsiConsole.Write(ratios);
        foreach (var c in CpuTarget.For(report.Settings.InFlight))
        {
            var measured = CpuTarget.Measured(report.Scenarios.FirstOrDefault(s => s.Key == c.Scenario));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                "{0} client + server CPU per call: {1} µs, target ≤ {2:0.0} µs ({3:0.##} × {4:0.0} µs, {5}): {6}",
                Markup.Escape(c.Scenario), measured is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "n/a", c.MaxMicros,
                c.Fraction, c.ReferenceMicros, Markup.Escape(c.Reference),
                measured is null ? "" : measured <= c.MaxMicros ? "[green]met[/]" : "[red]not met[/]");
        }

        var figures = new Table().Title("[bold]Scenarios[/]")
            .AddColumn("scenario").AddColumn("what")
            .AddColumn(new TableColumn("calls/s").RightAligned())
            .AddColumn(new TableColumn("p50 µs").RightAligned())
            .AddColumn(new TableColumn("p99 µs").RightAligned())
            .AddColumn(new TableColumn("CPU µs/call client").RightAligned())
            .AddColumn(new TableColumn("server").RightAligned())
            .AddColumn(new TableColumn("cores busy").RightAligned())
            .AddColumn(new TableColumn("switches/call client, server").RightAligned())
            .AddColumn(new TableColumn("client work items/call").RightAligned());
        foreach (var s in report.Scenarios)
        {
            figures.AddRow(Markup.Escape(s.Key), Markup.Escape(s.Description), Rate(s), Micros(s.P50Micros), Micros(s.P99Micros),
                Cpu(s.ClientCpuMicros), Cpu(s.ServerCpuMicros), Cores(s.CoresBusy),
                $"{Cpu(s.ClientSwitchesPerCall)}, {Cpu(s.ServerSwitchesPerCall)}", Cpu(s.ClientWorkItemsPerCall));
        }
        AnsiConsole.Write(figures);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
            "[grey]cores busy: rate × (client + server CPU per call). Near {0}, the machine's processors, a scenario is bound by CPU " +
            "and its ratios are ratios of CPU per call (docs/benchmarks.md).[/]", Environment.ProcessorCount);

        AnsiConsole.MarkupLine($"[grey]Socket completions in every process: {Markup.Escape(Infrastructure.SocketCompletions.Describe())}[/]");
        if (report.Load.Before is { } before && report.Load.After is { } after)
        {
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                "[grey]1-minute load average {0:0.0} before, {1:0.0} after ({2} cores){3}[/]",
                before, after, Environment.ProcessorCount,
                Math.Max(before, after) > Environment.ProcessorCount ? ": the machine was busy with other work, which skews these figures" : "");
        }
        if (report.Memory is { } m)
        {
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
                "[bold]Memory[/] over {0:N0} calls ({1:0.0} s): server working set {2:0.0} MiB → {3:0.0} MiB ({4:+0.0;-0.0} %); " +
                "managed heap after full GC {5:0.0} MiB → {6:0.0} MiB ({7:+0.0;-0.0} %); server allocated {8:N0} B per call ({9:N0} B on its I/O thread)",
                m.Calls, m.Seconds, Mib(m.Before.WorkingSetBytes), Mib(m.After.WorkingSetBytes), m.WorkingSetGrowthPercent,
                Mib(m.BeforeAfterGc.ManagedBytes), Mib(m.AfterAfterGc.ManagedBytes), m.ManagedAfterGcGrowthPercent, m.ServerBytesPerCall, m.IoThreadBytesPerCall);
        }
    }

    private static string Rate(ScenarioResult s) => s.Error is not null
        ? "[red]" + Markup.Escape(s.Error) + "[/]"
        : s.ItemsPerSecond is { } items
            ? items.ToString("N0", CultureInfo.InvariantCulture) + " items/s"
            : s.CallsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cpu(double value) => double.IsNaN(value) ? "" : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Cores(double value) => double.IsNaN(value) ? "" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Micros(double value) => double.IsNaN(value) ? "" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
}
