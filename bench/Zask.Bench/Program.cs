using Spectre.Console;
using Zask.Bench;
using Zask.Bench.Reporting;
using Zask.Bench.Servers;

// Child mode: this same executable hosts the servers, so a run needs nothing but `dotnet run`.
if (args.Length > 0 && ServeCommand.IsServeVerb(args[0]))
{
    return await ServeCommand.RunAsync(args[0], args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var report = await new BenchRunner(options).RunAsync();
ResultTable.Print(report);
if (options.JsonPath is not null)
{
    report.WriteJson(options.JsonPath);
    AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(options.JsonPath)}[/]");
}
if (options.ChartPath is not null)
{
    RatioChart.Write(report, options.ChartPath);
    AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(options.ChartPath)}[/]");
}
return report.Scenarios.Any(s => s.Error is not null) ? 1 : 0;
