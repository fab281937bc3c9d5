using System.Diagnostics;
using System.Threading.Channels;

namespace Zask.Zmtp.Tests.Support;

/// <summary>A peer child process whose stdout lines the test waits for; killed on dispose.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _errors = new();

    public PeerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The next stdout line; fails with the peer's stderr when it exits or stays silent.</summary>
    public async Task<string> NextLine(int timeoutMs = 20_000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"the peer exited ({_process.ExitCode}): {Errors}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the peer said nothing within {timeoutMs} ms; stderr: {Errors}");
        }
    }

    /// <summary>Waits for a line with the given first word and returns the rest.</summary>
    public async Task<string> Expect(string word, int timeoutMs = 20_000)
    {
        var line = await NextLine(timeoutMs);
        line.Should().StartWith(word, $"the peer's stderr was: {Errors}");
        return line.Length > word.Length ? line[(word.Length + 1)..] : "";
    }

    public void Kill()
    {
        _process.KillTree();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
