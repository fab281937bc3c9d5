using Spectre.Console;
using Zask.Bench;
using Zask.Bench.Infrastructure;
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

if (options.ChartFrom is not null)
{
    try
    {
        RatioChart.WriteFromJson(options.ChartFrom, options.ChartPath ?? Path.ChangeExtension(options.ChartFrom, ".png"));
        return 0;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException
        or InvalidOperationException or FormatException)
    {
        Console.Error.WriteLine($"--chart-from {options.ChartFrom}: not a run saved with --json ({ex.Message})");
        return 2;
    }
}

// Every process of the run, raw NetMQ included, has the same clock: the children inherit NetMQ's switch.
if (options.StockNetMqClock)
{
    Environment.SetEnvironmentVariable("NETQM_SUPPRESS_RDTSC", "1");
}
// The same for .NET's socket completions, which carry NetMQ's (and Kestrel's) socket I/O: read by the runtime at the
// first asynchronous socket operation, which in this process is still to come.
if (options.InlineSocketCompletions)
{
    Environment.SetEnvironmentVariable(SocketCompletions.Variable, "1");
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

