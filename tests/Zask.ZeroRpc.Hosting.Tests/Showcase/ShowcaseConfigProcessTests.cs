using System.Diagnostics;
using System.Text;

namespace Zask.ZeroRpc.Hosting.Tests.Showcase;

/// <summary>
/// Configuration that fails closed, met where a user meets it: the real showcase process, configured through a
/// CONFIG_PATH file, refuses to start on a bad setting and refuses misrouted or hostile calls while it serves.
/// </summary>
public sealed class ShowcaseConfigProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new("zask-showcase-config-");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[]> BadSettings => new()
    {
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\", \"client_keys\": \"alpha_key\" }",
            ["ZERORPC_SHOWCASE", "\"client_keys\"", "a list of strings", "a single string"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\", \"client_key\": [\"alpha_key\"] }",
            ["ZERORPC_SHOWCASE", "\"client_key\"", "did you mean \"client_keys\"?"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\", \"default\": \"2.0\" }",
            ["ZERORPC_SHOWCASE", "\"default\"", "found \"2.0\"", "one of the entry's versions (\"1.0\")"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\", \"server_public_key\": \"tooshort\" }",
            ["ZERORPC_SHOWCASE", "\"server_public_key\"", "8 characters instead of 40", "Z85"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\" }, \"ZERORPC_BILLING\": { \"1.0\": \"tcp://127.0.0.1:1\", \"acces_key\": \"b\" }",
            ["ZERORPC_BILLING", "\"acces_key\"", "did you mean \"access_key\"?"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\" }, \"DEBUG\": \"maybe\"",
            ["'DEBUG'", "Boolean", "\"maybe\"", "A boolean is true or false", "It came from JSON file"] },
        { "\"ZERORPC_SHOWCASE\": { \"1.0\": \"@ENDPOINT\", \"client_keys\": [\"k\"], \"client_keys\": [] }",
            ["showcase.json", "the key 'ZERORPC_SHOWCASE:client_keys' is given twice"] },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_showcase_at_start_naming_the_entry_and_the_key(string settings, string[] expected)
    {
        var endpoint = FreePort.Endpoint();
        var config = WriteConfig(settings.Replace("@ENDPOINT", endpoint, StringComparison.Ordinal));

        using var showcase = ShowcaseProcess.Start(config);
        var exitCode = await showcase.WaitForExitAsync(Patience);

        exitCode.Should().Be(3, showcase.Output);
        showcase.Error.Should().StartWith("showcase: configuration error: ");
        foreach (var part in expected)
        {
            showcase.Error.Should().Contain(part);
        }
        showcase.Error.Should().NotContain("alpha_key", "a key is never echoed whole");
        if (expected[0].StartsWith("ZERORPC_", StringComparison.Ordinal))
        {
            // Service entries are checked before the server is made; app settings when the app starts running.
            showcase.Output.Should().NotContain("serving on", "nothing is served with a bad service entry");
        }
    }

    [Fact]
    public async Task A_failing_starting_hook_stops_the_showcase_before_it_serves_with_its_message_and_exit_code_1()
    {
        var endpoint = FreePort.Endpoint();
        var config = WriteConfig($$"""
            "SHOWCASE_STARTING_FAILURE": "the price cache is unreachable",
            "ZERORPC_SHOWCASE": { "1.0": "{{endpoint}}", "default": "1.0" }
            """);

        using var showcase = ShowcaseProcess.Start(config);
        var exitCode = await showcase.WaitForExitAsync(Patience);

        exitCode.Should().Be(1, showcase.Output);
        showcase.Error.Should().Contain("showcase: the app did not start: the price cache is unreachable");
        showcase.Output.Should().NotContain("serving on");
        File.ReadAllText(_dir.Combine("error.log")).Should().Contain("Starting hook failed: the price cache is unreachable");
    }

    [Fact]
    public async Task Misrouted_and_hostile_calls_are_refused_with_short_messages_and_the_showcase_keeps_serving()
    {
        var endpoint = FreePort.Endpoint();
        var config = WriteConfig($$"""
            "ZERORPC_SHOWCASE": { "1.0": "{{endpoint}}", "default": "1.0", "access_key": "good_key", "client_keys": ["good_key"] }
            """);
        using var showcase = ShowcaseProcess.Start(config);
        try
        {
            await showcase.WaitForOutputAsync("showcase serving on", Patience);
            await using var test = TestApp.ForShowcase(endpoint, "good_key");
            var rpc = new ZeroRpcExtension(test.App);
            var headers = new HeaderOverride();
            rpc.RegisterMiddleware(headers);
            await using var client = rpc.Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
            async Task<RemoteException> Refused() =>
                (await FluentActions.Awaiting(() => client.CallAsync<string>("hello", "x")).Should().ThrowAsync<RemoteException>()).Which;

            headers.Values["service_name"] = "other";
            var misrouted = await Refused();
            misrouted.Name.Should().Be("ServiceNotMatch");
            misrouted.RemoteMessage.Should().Be("this is service 'showcase', the call was meant for service \"other\"");

            var hugeKey = "Q" + new string('z', 400 * 1024);
            headers.Values.Clear();
            headers.Values["access_key"] = hugeKey;
            var huge = await Refused();
            huge.Name.Should().Be("NoSuchAccessKey");
            huge.RemoteMessage.Should().StartWith("showcase does not accept the access key \"Qzzz…\" (409601 characters, sha256:");
            (huge.Message.Length + (huge.RemoteTraceback?.Length ?? 0)).Should().BeLessThan(4000, "the reply is cut, whatever the caller sent");

            headers.Values["access_key"] = new object[] { "good_key", "x" };
            var list = await Refused();
            list.Name.Should().Be("NoSuchAccessKey");
            list.RemoteMessage.Should().Be("showcase requires an access key as a string, the call sent a list of 2 items");

            headers.Values.Clear();
            (await client.CallAsync<string>("hello", "again")).Should().Be("Hello, again!", "the showcase keeps serving");

            showcase.Terminate();
            (await showcase.WaitForExitAsync(Patience)).Should().Be(0, showcase.Output);
        }
        finally
        {
            showcase.KillIfRunning();
        }

        var zs = new string('z', 200);
        foreach (var log in new[] { "access.log", "error.log" }.Select(_dir.Combine).Where(File.Exists))
        {
            var text = File.ReadAllText(log);
            text.Should().NotContain(zs, $"{log} never holds the hostile key").And.NotContain("System.Object[]");
        }
        var access = File.ReadAllLines(_dir.Combine("access.log"));
        access.Should().HaveCount(4).And.OnlyContain(l => l.Length < 200);
        access[^1].Should().StartWith("good_key - [").And.Contain("\"hello\" - OK");
    }

    // A setting under test replaces the base one: a key given twice is an error of its own.
    private string WriteConfig(string settings)
    {
        var lines = new[]
        {
            "\"DEBUG\": false",
            $"\"ERROR_LOG\": \"{_dir.Combine("error.log")}\"",
            $"\"ZERORPC_ACCESS_LOG\": \"{_dir.Combine("access.log")}\"",
            $"\"SQLALCHEMY_DATABASE_URI\": \"sqlite:///{_dir.Combine("showcase.db")}\"",
        }.Where(line => !settings.Contains(line[..(line.IndexOf(':') + 1)], StringComparison.Ordinal));
        return _dir.File("showcase.json", "{\n" + string.Join(",\n", [.. lines, settings]) + "\n}\n");
    }

    /// <summary>The showcase as a child process, its output collected.</summary>
    private sealed class ShowcaseProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();
        private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

        private ShowcaseProcess(Process process) => _process = process;

        public string Output { get { lock (_output) return $"stdout: {_output}\nstderr: {Error}"; } }

        public string Error { get { lock (_error) return _error.ToString(); } }

        public static ShowcaseProcess Start(string configPath)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Showcase.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(configPath)!,
            };
            info.Environment["CONFIG_PATH"] = configPath;
            var showcase = new ShowcaseProcess(Process.Start(info.WithoutDiagnostics())!);
            showcase._process.OutputDataReceived += (_, e) => showcase.OnOutput(e.Data);
            showcase._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) { showcase._errorClosed.TrySetResult(); return; }
                lock (showcase._error) showcase._error.AppendLine(e.Data);
            };
            showcase._process.BeginOutputReadLine();
            showcase._process.BeginErrorReadLine();
            return showcase;
        }

        public async Task WaitForOutputAsync(string text, TimeSpan patience)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_output)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal)) return;
                _waits.Add((text, seen));
            }
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(seen.Task, exited, Task.Delay(patience));
            if (first != seen.Task)
            {
                throw new TimeoutException($"the showcase did not print \"{text}\" (exited: {_process.HasExited})\n{Output}");
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan patience)
        {
            using var timeout = new CancellationTokenSource(patience);
            await _process.WaitForExitAsync(timeout.Token);
            // Both streams drained, so Output and Error are complete.
            await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public void KillIfRunning() => _process.KillTree();

        public void Terminate() => _process.Terminate();

        public void Dispose()
        {
            KillIfRunning();
            _process.Dispose();
        }

        private void OnOutput(string? line)
        {
            if (line is null)
            {
                _outputClosed.TrySetResult();
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
                foreach (var (text, seen) in _waits.Where(w => line.Contains(w.Text, StringComparison.Ordinal)))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
