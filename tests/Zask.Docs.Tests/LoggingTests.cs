using DocsSamples;
using Zask.Docs.Tests.Support;

namespace Zask.Docs.Tests;

public class LoggingTests
{
    [Fact]
    public void Without_debug_errors_and_access_lines_go_to_their_files()
    {
        using var dir = new TempDir();
        Logging.WriteLogs(dir.Path);   // disposes the app, which flushes the files

        var errors = File.ReadAllText(Path.Combine(dir.Path, "logs", "error.log"));
        errors.Should().NotContain("Not written");
        errors.Should().MatchRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[ERROR\] orders \(Logging\.cs:\d+ in [^)]*\): Order 42 failed");
        errors.Should().Contain("System.InvalidOperationException: the payment service is down");
        errors.Should().MatchRegex(@"\[ERROR\] orders \(Logging\.cs:\d+ in WriteLogs\): No exception");
        File.ReadAllText(Path.Combine(dir.Path, "logs", "access.log")).Should().Be("written as is" + Environment.NewLine);
    }
}
