using Microsoft.Extensions.Logging;

namespace Zask.Zmtp.Tests.Support;

/// <summary>Collects the transport's log lines, so tests can assert on the one clear line a refused peer gets.</summary>
public sealed class TestLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{logLevel}: {formatter(state, exception)}";
        if (Environment.GetEnvironmentVariable("ZMTP_TEST_LOG") == "1")
        {
            Console.Error.WriteLine(line);
        }
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
