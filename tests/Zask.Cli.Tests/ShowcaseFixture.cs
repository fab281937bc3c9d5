using System.Diagnostics;
using System.Text;

namespace Zask.Cli.Tests;

/// <summary>The showcase service running as a real process on a free port, shared by the tests of a collection.</summary>
public sealed class ShowcaseFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly StringBuilder _stderr = new();

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(BuildOutputs.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.WithoutDiagnostics().ArgumentList.Add(BuildOutputs.Showcase);
        start.ArgumentList.Add("--bind");
        start.ArgumentList.Add($"tcp://127.0.0.1:{FreePort.Next()}");
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const string Ready = "serving on ";
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(limit.Token)
                ?? throw new InvalidOperationException($"the showcase exited before serving: {StderrText()}");
            var at = line.IndexOf(Ready, StringComparison.Ordinal);
            if (at >= 0)
            {
                Endpoint = line[(at + Ready.Length)..].Trim();
                break;
            }
        }
        // Keep draining stdout so the showcase never blocks on a full pipe.
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private string StderrText()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }
}
