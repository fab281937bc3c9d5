using System.Text.RegularExpressions;

namespace Zask.ZeroRpc.Hosting.Tests.Showcase;

/// <summary>
/// What the showcase process writes when callers get it wrong and when a method fails, with DEBUG off (the error log
/// file) and on (the console): refusals are one warning line each, a method's error is an error with its stack, and
/// the startup line is printed once.
/// </summary>
public sealed partial class ShowcaseLogTests : IDisposable
{
    private static readonly string[] RefusalNames =
        ["NameError", "TypeError", "TypeError", "NoSuchAccessKey", "NoSuchAccessKey", "VersionNotMatch", "ValidationError", "Forbidden"];

    private readonly TempDir _folder = new("zask-showcase-log-");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[(?<level>[A-Z]+)\] ")]
    private static partial Regex ErrorFileEntry();

    [GeneratedRegex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z (?<level>[A-Z]{3})\] ")]
    private static partial Regex ConsoleEntry();

    [Fact]
    public async Task With_DEBUG_off_refusals_leave_the_error_log_alone_and_a_failing_method_writes_one_error_with_its_stack()
    {
        var endpoint = FreePort.Endpoint();
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(endpoint, debug: false), endpoint);

        await MakeRefusedCallsAndOneFailingCallAsync(endpoint);
        (await showcase.StopAsync()).Should().Be(0, showcase.Stderr);

        showcase.StdoutLines.Where(l => l.Contains("serving on", StringComparison.Ordinal))
            .Should().Equal([$"showcase serving on {endpoint}"], "the startup line is printed once");
        var lines = await File.ReadAllLinesAsync(_folder.Combine("error.log"));
        var text = string.Join('\n', lines);
        var entries = lines.Where(l => ErrorFileEntry().IsMatch(l)).ToArray();
        // Written while the call is served, the line ends with the call's id (and no trace ids: tracing is off).
        entries.Should().ContainSingle(text).Which.Should().Contain("[ERROR] Zask.ZeroRpc.Server")
            .And.MatchRegex(@"fail failed: ValueError: boom \[call_id=[0-9a-f-]{36}\]$");
        text.Should().Contain("   at Showcase.ShowcaseService.Fail(", "a method's error keeps its stack");
        foreach (var name in RefusalNames)
        {
            text.Should().NotContain(name, "a refused call is a warning, below the error file's level");
        }
    }

    [Fact]
    public async Task With_DEBUG_on_each_refusal_is_one_warning_line_and_a_failing_method_an_error_with_its_stack()
    {
        var endpoint = FreePort.Endpoint();
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, WriteConfig(endpoint, debug: true), endpoint);

        await MakeRefusedCallsAndOneFailingCallAsync(endpoint);
        (await showcase.StopAsync()).Should().Be(0, showcase.Stderr);

        var lines = showcase.StdoutLines;
        var text = string.Join('\n', lines);
        lines.Where(l => l.Contains("serving on", StringComparison.Ordinal))
            .Should().Equal([$"showcase serving on {endpoint}"], "the startup line is printed once, not also by the log");
        var refusals = lines.Select((line, i) => (line, i)).Where(e => e.line.Contains(" refused: ", StringComparison.Ordinal)).ToArray();
        refusals.Select(e => ConsoleEntry().Match(e.line).Groups["level"].Value).Should().AllBe("WRN", text);
        refusals.Select(e => Regex.Match(e.line, @" refused: (\w+): ").Groups[1].Value)
            .Should().BeEquivalentTo(RefusalNames, text);
        foreach (var (_, i) in refusals)
        {
            // One line: whatever follows is another entry, not an exception or a stack frame.
            (i + 1 == lines.Count || ConsoleEntry().IsMatch(lines[i + 1])).Should().BeTrue($"line {i + 2} follows a refusal:\n{text}");
        }
        var failure = lines.Select((line, i) => (line, i)).Single(e => e.line.Contains("fail failed: ValueError: boom", StringComparison.Ordinal));
        ConsoleEntry().Match(failure.line).Groups["level"].Value.Should().Be("ERR");
        lines[failure.i + 1].Should().Contain("ZeroRpcException: boom");
        lines[failure.i + 2].Should().StartWith("   at Showcase.ShowcaseService.Fail(");
    }

    public void Dispose() => _folder.Dispose();

    private string WriteConfig(string endpoint, bool debug) => _folder.File("showcase.json", $$"""
        {
          "DEBUG": {{(debug ? "true" : "false")}},
          "ERROR_LOG": "{{_folder.Combine("error.log")}}",
          "ZERORPC_ACCESS_LOG": "{{_folder.Combine("access.log")}}",
          "SQLALCHEMY_DATABASE_URI": "sqlite:///{{_folder.Combine("showcase.db")}}",
          "ZERORPC_SHOWCASE": { "1.0": "{{endpoint}}", "default": "1.0", "access_key": "good", "client_keys": ["good", "reader"], "roles": { "admin": ["good"] } }
        }
        """);

    /// <summary>
    /// An unknown method, two arguments of the wrong type, no access key, a wrong one, a version the server is not,
    /// invalid arguments, a key without the role the method requires: eight refusals. Then one call whose method raises.
    /// </summary>
    private static async Task MakeRefusedCallsAndOneFailingCallAsync(string endpoint)
    {
        await using var good = new TestApp(Entry(endpoint, "1.0", "good"));
        await using var badKey = new TestApp(Entry(endpoint, "1.0", "bad"));
        await using var otherVersion = new TestApp(Entry(endpoint, "2.0", "good"));
        await using var reader = new TestApp(Entry(endpoint, "1.0", "reader"));
        await using var client = new ZeroRpcExtension(good.App).Client("showcase", options: Options());
        await using var keyless = new ZeroRpcClient(Options());
        keyless.Connect(endpoint);
        await using var wrongKey = new ZeroRpcExtension(badKey.App).Client("showcase", options: Options());
        await using var wrongVersion = new ZeroRpcExtension(otherVersion.App).Client("showcase", options: Options());
        await using var withoutRole = new ZeroRpcExtension(reader.App).Client("showcase", options: Options());

        (await ErrorOf(() => client.CallAsync<object>("no_such_method"))).Should().Be("NameError");
        (await ErrorOf(() => client.CallAsync<object>("hello", 5))).Should().Be("TypeError");
        (await ErrorOf(async () =>
        {
            await foreach (var _ in client.StreamAsync<long>("range", "x"))
            {
            }
        })).Should().Be("TypeError");
        (await ErrorOf(() => keyless.CallAsync<object>("hello", "x"))).Should().Be("NoSuchAccessKey");
        (await ErrorOf(() => wrongKey.CallAsync<object>("hello", "x"))).Should().Be("NoSuchAccessKey");
        (await ErrorOf(() => wrongVersion.CallAsync<object>("hello", "x"))).Should().Be("VersionNotMatch");
        (await ErrorOf(() => client.CallAsync<object>("register", "al", "not-an-email", 7))).Should().Be("ValidationError");
        (await ErrorOf(() => withoutRole.CallAsync<object>("admin_reset"))).Should().Be("Forbidden");
        (await ErrorOf(() => client.CallAsync<object>("fail", "boom"))).Should().Be("ValueError");
    }

    private static Dictionary<string, object> Entry(string endpoint, string version, string accessKey) => new()
    {
        ["ZERORPC_SHOWCASE"] = new Dictionary<string, object> { [version] = endpoint, ["default"] = version, ["access_key"] = accessKey },
    };

    private static ZeroRpcClientOptions Options() => new() { Timeout = TimeSpan.FromSeconds(20) };

    private static async Task<string> ErrorOf(Func<Task> call) =>
        (await FluentActions.Awaiting(call).Should().ThrowAsync<RemoteException>()).Which.Name;
}
