using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zask.Tests;

public sealed partial class FileLoggingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ZaskApp ProductionApp(string name = "orders")
    {
        var app = Apps.Isolated(_dir.Path, name);
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = _dir.Combine("logs/zask.error.log");
        app.Config["ZERORPC_ACCESS_LOG"] = _dir.Combine("logs/zask.access.log");
        return app;
    }

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})Z \[ERROR\] orders \((?<location>[^)]*)\): Payment 7 failed$", RegexOptions.Multiline)]
    private static partial Regex ErrorHeader();

    private static void Fail() => throw new InvalidOperationException("card declined");

    [Fact]
    public void Errors_go_to_the_error_file_with_utc_time_level_logger_location_and_exception()
    {
        var before = DateTime.UtcNow;
        var app = ProductionApp();
        app.Logger.LogInformation("Config loaded");
        app.Logger.LogWarning("A warning");
        try
        {
            Fail();
        }
        catch (InvalidOperationException ex)
        {
            app.Logger.LogError(ex, "Payment {Id} failed", 7);
        }

        app.Dispose();

        var text = File.ReadAllText(_dir.Combine("logs/zask.error.log"));
        var match = ErrorHeader().Match(text);
        match.Success.Should().BeTrue(text);
        var time = DateTime.ParseExact(match.Groups["time"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        time.Should().BeCloseTo(before, TimeSpan.FromMinutes(1), "the time is written in UTC");
        match.Groups["location"].Value.Should().Contain("FileLoggingTests.cs:").And.Contain(nameof(Fail));
        text.Should().Contain("System.InvalidOperationException: card declined");
        text.Should().Contain("   at Zask.Tests.FileLoggingTests.Fail()");
        text.Should().NotContain("Config loaded").And.NotContain("A warning");
    }

    [Fact]
    public void Access_lines_go_to_the_access_file_verbatim_and_not_to_the_error_file()
    {
        var app = ProductionApp();
        const string line = "foo_client_key - [2025-01-02 03:04:05,678] - \"OrderService\" - \"create\" - OK - 12 ms";

        app.AccessLog.Write(line);
        app.AccessLog.Write("second {not a template}");
        app.Logger.LogError("boom");
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/zask.access.log"))
            .Should().Be(line + Environment.NewLine + "second {not a template}" + Environment.NewLine);
        File.ReadAllText(_dir.Combine("logs/zask.error.log")).Should().NotContain("OrderService").And.Contain("boom");
    }

    [Fact]
    public void Access_log_lines_stay_on_one_line()
    {
        var app = ProductionApp();

        app.AccessLog.Write("a\nb");
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/zask.access.log")).Should().Be("a b" + Environment.NewLine);
    }

    [Fact]
    public async Task Access_lines_reach_the_file_while_the_app_runs_without_waiting_for_it_to_stop()
    {
        using var app = ProductionApp();

        // Written by a worker thread into a buffer that reaches the file at least every second.
        app.AccessLog.Write("while serving");

        var path = _dir.Combine("logs/zask.access.log");
        await Eventually.True(
            () => File.Exists(path) && Apps.ReadShared(path).Contains("while serving", StringComparison.Ordinal),
            "the line is flushed within about a second, not only on dispose");
        Apps.ReadShared(path).Should().Be("while serving" + Environment.NewLine);
    }

    [Fact]
    public void Files_are_readable_while_the_app_runs()
    {
        using var app = ProductionApp();

        app.Logger.LogCritical("while running");

        Apps.ReadShared(_dir.Combine("logs/zask.error.log")).Should().Contain("[FATAL] orders").And.Contain("while running");
    }

    [Fact]
    public void LogErrorAt_records_the_calling_file_and_line()
    {
        var app = ProductionApp();

        app.Logger.LogErrorAt(null, "explicit {braces} kept"); var line = Line();
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/zask.error.log"))
            .Should().Contain($"(FileLoggingTests.cs:{line} in {nameof(LogErrorAt_records_the_calling_file_and_line)}): explicit {{braces}} kept");
    }

    private static int Line([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;

    [Fact]
    public void Relative_log_paths_are_taken_from_the_root_path()
    {
        var app = Apps.Isolated(_dir.Path);
        app.Config["DEBUG"] = false;
        app.Config["ERROR_LOG"] = "relative/error.log";

        app.Logger.LogError("relative");
        app.Dispose();

        File.ReadAllText(_dir.Combine("relative/error.log")).Should().Contain("relative");
    }

    [Fact]
    public void Host_loggers_and_injected_access_log_share_the_sinks()
    {
        var app = ProductionApp();
        app.Build();

        app.ServiceProvider.GetRequiredService<ILogger<FileLoggingTests>>().LogError("from DI");
        app.ServiceProvider.GetRequiredService<AccessLog>().Write("access from DI");
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/zask.error.log")).Should().Contain($"[ERROR] {typeof(FileLoggingTests).FullName}").And.Contain("from DI");
        File.ReadAllText(_dir.Combine("logs/zask.access.log")).Should().Be("access from DI" + Environment.NewLine);
    }

    [Fact]
    public void Logging_settings_loaded_from_a_file_after_construction_take_effect()
    {
        var errorLog = _dir.Combine("late/error.log");
        _dir.File("prod.json", $$"""{ "DEBUG": false, "ERROR_LOG": "{{errorLog}}" }""");
        var app = Apps.Isolated(_dir.Path);

        app.Config.FromFile("prod.json");
        app.Logger.LogError("after the file");
        app.Dispose();

        File.ReadAllText(errorLog).Should().Contain("after the file");
    }

    [Fact]
    public void Changing_the_error_log_path_later_switches_files()
    {
        var app = ProductionApp();
        app.Logger.LogError("first");
        app.Config["ERROR_LOG"] = _dir.Combine("logs/other.log");

        app.Logger.LogError("second");
        app.Dispose();

        File.ReadAllText(_dir.Combine("logs/zask.error.log")).Should().Contain("first").And.NotContain("second");
        File.ReadAllText(_dir.Combine("logs/other.log")).Should().Contain("second").And.NotContain("first");
    }

    [Fact]
    public void Logging_after_dispose_is_ignored()
    {
        var app = ProductionApp();
        app.Dispose();

        var act = () => app.Logger.LogError("late");

        act.Should().NotThrow();
    }
}
