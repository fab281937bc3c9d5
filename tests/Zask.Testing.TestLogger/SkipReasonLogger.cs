using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Zask.Testing.TestLogger;

/// <summary>
/// Prints, at the end of each test project's run, every reason tests were skipped for and how many it skipped
/// (e.g. <c>18 skipped: no PostgreSQL (...); run ./test.sh</c>), so that a plain <c>dotnet test</c> says what was
/// not checked and how to check it. Enabled for every test project by tests/Directory.Build.props.
/// </summary>
[FriendlyName(FriendlyName)]
[ExtensionUri(ExtensionUri)]
public sealed class SkipReasonLogger : ITestLogger
{
    /// <summary>The name <c>dotnet test --logger</c> and the <c>VSTestLogger</c> property know it by.</summary>
    public const string FriendlyName = "zask-skips";

    /// <summary>The logger's identity for the test platform.</summary>
    public const string ExtensionUri = "logger://zask/skip-reasons";

    // Results arrive on the test platform's threads.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<string>> _skippedByReason = new(StringComparer.Ordinal);
    private readonly TextWriter _output;
    private string? _source;

    /// <summary>The logger as dotnet test creates it: it writes to the console, which dotnet test shows.</summary>
    public SkipReasonLogger()
        : this(Console.Out)
    {
    }

    /// <summary>A logger writing to <paramref name="output"/>.</summary>
    public SkipReasonLogger(TextWriter output)
    {
        _output = output;
    }

    /// <inheritdoc />
    public void Initialize(TestLoggerEvents events, string testRunDirectory)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.TestResult += OnTestResult;
        events.TestRunComplete += OnTestRunComplete;
    }

    private void OnTestResult(object? sender, TestResultEventArgs e)
    {
        if (e.Result.Outcome != TestOutcome.Skipped)
        {
            return;
        }
        var reason = string.IsNullOrWhiteSpace(e.Result.ErrorMessage) ? "(no reason given)" : e.Result.ErrorMessage.Trim();
        lock (_lock)
        {
            _source ??= Path.GetFileName(e.Result.TestCase.Source);
            if (!_skippedByReason.TryGetValue(reason, out var tests))
            {
                _skippedByReason[reason] = tests = [];
            }
            tests.Add(e.Result.TestCase.DisplayName);
        }
    }

    private void OnTestRunComplete(object? sender, TestRunCompleteEventArgs e)
    {
        lock (_lock)
        {
            foreach (var (reason, tests) in _skippedByReason.OrderByDescending(p => p.Value.Count))
            {
                _output.WriteLine($"  {_source}: {tests.Count} skipped: {reason}");
            }
        }
    }
}
