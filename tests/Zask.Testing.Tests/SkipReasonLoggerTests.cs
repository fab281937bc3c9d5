using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Zask.Testing.TestLogger;

namespace Zask.Testing.Tests;

/// <summary>What dotnet test prints after a test project's run about the tests it skipped.</summary>
public class SkipReasonLoggerTests
{
    private const string Source = "/repo/tests/Zask.Data.Tests/bin/Debug/net10.0/Zask.Data.Tests.dll";

    [Fact]
    public void Each_reason_is_printed_once_with_how_many_tests_it_skipped_most_first()
    {
        var output = new StringWriter();
        var events = new Events();
        new SkipReasonLogger(output).Initialize(events, "/tmp");

        events.Result("A", TestOutcome.Skipped, "no PostgreSQL (ZASK_TEST_POSTGRES_URI unset); run ./test.sh");
        events.Result("B", TestOutcome.Passed, null);
        events.Result("C", TestOutcome.Skipped, "no pyzmq (/usr/bin/python3 does not exist); run ./test.sh");
        events.Result("D", TestOutcome.Skipped, "no PostgreSQL (ZASK_TEST_POSTGRES_URI unset); run ./test.sh");
        events.Result("E", TestOutcome.Failed, "boom");
        events.Complete();

        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "  Zask.Data.Tests.dll: 2 skipped: no PostgreSQL (ZASK_TEST_POSTGRES_URI unset); run ./test.sh",
            "  Zask.Data.Tests.dll: 1 skipped: no pyzmq (/usr/bin/python3 does not exist); run ./test.sh");
    }

    [Fact]
    public void A_run_without_skips_prints_nothing()
    {
        var output = new StringWriter();
        var events = new Events();
        new SkipReasonLogger(output).Initialize(events, "/tmp");

        events.Result("A", TestOutcome.Passed, null);
        events.Complete();

        output.ToString().Should().BeEmpty();
    }

    /// <summary>The test platform's side: raises results and the end of the run as dotnet test does.</summary>
    private sealed class Events : TestLoggerEvents
    {
        // Only results and the end of the run matter to the logger; the other events are never raised here.
        public override event EventHandler<TestRunMessageEventArgs>? TestRunMessage { add { } remove { } }
        public override event EventHandler<TestRunStartEventArgs>? TestRunStart { add { } remove { } }
        public override event EventHandler<TestResultEventArgs>? TestResult;
        public override event EventHandler<TestRunCompleteEventArgs>? TestRunComplete;
        public override event EventHandler<DiscoveryStartEventArgs>? DiscoveryStart { add { } remove { } }
        public override event EventHandler<TestRunMessageEventArgs>? DiscoveryMessage { add { } remove { } }
        public override event EventHandler<DiscoveredTestsEventArgs>? DiscoveredTests { add { } remove { } }
        public override event EventHandler<DiscoveryCompleteEventArgs>? DiscoveryComplete { add { } remove { } }

        public void Result(string name, TestOutcome outcome, string? message)
        {
            var testCase = new TestCase($"Zask.Data.Tests.{name}", new Uri("executor://xunit/VsTestRunner2/netcoreapp"), Source)
            {
                DisplayName = name,
            };
            TestResult?.Invoke(this, new TestResultEventArgs(new TestResult(testCase) { Outcome = outcome, ErrorMessage = message }));
        }

        public void Complete() =>
            TestRunComplete?.Invoke(this, new TestRunCompleteEventArgs(null, false, false, null, null, TimeSpan.Zero));
    }
}
