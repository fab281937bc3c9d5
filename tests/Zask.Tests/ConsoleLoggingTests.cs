using Microsoft.Extensions.Logging;

namespace Zask.Tests;

/// <summary>Captures Console.Out, which is process-wide, so these tests run alone.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ConsoleLoggingTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;
    private readonly StringWriter _captured = new();

    public ConsoleLoggingTests()
    {
        Console.SetOut(_captured);
        Console.SetError(_captured);
    }

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
        _dir.Dispose();
    }

    private ZaskApp DebugApp()
    {
        var app = Apps.Isolated(_dir.Path, "orders");
        app.Config["ERROR_LOG"] = _dir.Combine("error.log");
        app.Config["ZERORPC_ACCESS_LOG"] = _dir.Combine("access.log");
        return app;
    }

    [Fact]
    public void With_debug_every_level_and_the_access_log_go_to_the_console_and_no_file_is_written()
    {
        var app = DebugApp();

        app.Logger.LogTrace("trace line");
        app.Logger.LogDebug("debug line");
        app.Logger.LogInformation("Config loaded");
        app.Logger.LogError(new InvalidOperationException("broken"), "error line");
        app.AccessLog.Write("key - [ts] - \"Svc\" - \"m\" - OK - 1 ms");
        app.Dispose();

        var output = _captured.ToString();
        output.Should().Contain("orders: trace line")
            .And.Contain("orders: debug line")
            .And.Contain("INF] orders: Config loaded")
            .And.Contain("ERR] orders: error line")
            .And.Contain("System.InvalidOperationException: broken")
            .And.Contain("zask.access: key - [ts] - \"Svc\" - \"m\" - OK - 1 ms");
        output.Should().MatchRegex(@"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z INF\]");
        File.Exists(_dir.Combine("error.log")).Should().BeFalse();
        File.Exists(_dir.Combine("access.log")).Should().BeFalse();
    }

    [Fact]
    public void An_access_line_does_not_wait_for_a_console_that_is_not_being_read()
    {
        using var released = new ManualResetEventSlim();
        using var console = new WriterThatWaits(released);
        Console.SetOut(console);
        var app = DebugApp();
        app.Logger.LogInformation("before the console stalls");
        console.Stall();

        var written = Task.Run(() => app.AccessLog.Write("key - [ts] - \"Svc\" - \"m\" - OK - 1 ms"));
        var returnedAtOnce = written.Wait(TimeSpan.FromSeconds(10));
        released.Set();
        written.Wait();
        app.Dispose();

        returnedAtOnce.Should().BeTrue("the line is queued for the console's writer thread, not written by the caller");
        console.Text.Should().Contain("zask.access: key - [ts]");
    }

    /// <summary>A console whose writes wait, once stalled, until they are released (as a full pipe does).</summary>
    private sealed class WriterThatWaits(ManualResetEventSlim released) : StringWriter
    {
        private volatile bool _stalled;
        private readonly object _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public void Stall() => _stalled = true;

        public override void Write(char value)
        {
            WaitIfStalled();
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            WaitIfStalled();
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            WaitIfStalled();
            lock (_gate)
            {
                base.Write(buffer, index, count);
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            WaitIfStalled();
            lock (_gate)
            {
                base.Write(buffer);
            }
        }

        private void WaitIfStalled()
        {
            if (_stalled)
            {
                released.Wait();
            }
        }
    }

    [Fact]
    public void Switching_debug_off_after_first_use_moves_errors_to_the_file()
    {
        var app = DebugApp();
        app.Logger.LogError("while debugging");

        app.Config["DEBUG"] = false;
        app.Logger.LogError("in production");
        app.Dispose();

        _captured.ToString().Should().Contain("while debugging").And.NotContain("in production");
        File.ReadAllText(_dir.Combine("error.log")).Should().Contain("in production").And.NotContain("while debugging");
    }

    [Fact]
    public void Mistyped_debug_setting_falls_back_to_the_console()
    {
        var app = DebugApp();
        app.Config["DEBUG"] = "maybe";

        app.Logger.LogWarning("still logged");
        app.Dispose();

        _captured.ToString().Should().Contain("still logged");
    }
}
