using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// A libzmq peer: Debian's <c>/usr/bin/python3</c> with pyzmq (libzmq 4.3.4) running <c>Interop/curve_peer.py</c>,
/// talking to the test over stdout lines.
/// </summary>
public sealed class PyZmqPeer : IDisposable
{
    private const string Python = Requirement.PythonExecutable;

    private static readonly Lazy<string?> ProblemLazy = new(FindProblem);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = new();

    private PyZmqPeer(params string[] arguments)
    {
        // [PyzmqFact] skips without pyzmq; this also catches a pyzmq built without CURVE, and a run that demands the peer.
        Requirement.Pyzmq.EnsureMet();
        if (Problem is { } problem)
        {
            throw new InvalidOperationException($"the pyzmq peer is unusable: {problem}");
        }
        _process = PyZmq.StartScript("curve_peer.py", arguments);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
            }
            else
            {
                _lines.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_seen)
                {
                    _seen.Add("stderr: " + e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Why the peer cannot run here, or null when it can.</summary>
    public static string? Problem => ProblemLazy.Value;

    /// <summary>Every line read so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_seen)
            {
                return string.Join("\n", _seen);
            }
        }
    }

    /// <summary>Starts a pyzmq CURVE ROUTER; with <paramref name="allowedClientKeyZ85"/>, a ZAP handler allows only that key.</summary>
    public static PyZmqPeer StartServer(string? allowedClientKeyZ85 = null) =>
        allowedClientKeyZ85 is null ? new PyZmqPeer("server") : new PyZmqPeer("server", allowedClientKeyZ85);

    /// <summary>Starts a pyzmq CURVE DEALER that will connect to the port with the server key once told <see cref="Go"/>.</summary>
    public static PyZmqPeer StartClient(int port, string serverPublicKeyZ85) => new("client", port.ToString(System.Globalization.CultureInfo.InvariantCulture), serverPublicKeyZ85);

    /// <summary>Waits for a server peer's <c>SERVER port key</c> line: the port it bound and its CURVE public key.</summary>
    public (int Port, byte[] ServerKey) ReadServerLine()
    {
        var words = WaitFor("SERVER").Split(' ');
        return (int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), Z85.Decode(words[2]));
    }

    /// <summary>Tells a client peer to connect.</summary>
    public void Go()
    {
        _process.StandardInput.WriteLine("GO");
        _process.StandardInput.Flush();
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/>; fails at the deadline or at the peer's end.</summary>
    public string WaitFor(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out string? line, left))
            {
                throw new TimeoutException($"the pyzmq peer never printed '{prefix}'; it said:\n{Transcript}");
            }
            lock (_seen)
            {
                _seen.Add(line);
            }
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
        _process.Dispose();
        _lines.Dispose();
    }

    private static string? FindProblem()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing";
        }
        try
        {
            var info = new ProcessStartInfo(Python, ["-c", "import zmq, zmq.auth.thread; assert zmq.has('curve'); print(zmq.zmq_version())"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{Python} has no pyzmq with CURVE: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} does not run: {e.Message}";
        }
    }
}
