using System.Text.Json;
using Zask.Interop.Tests.Support;

namespace Zask.Interop.Tests;

/// <summary>
/// A Python zerorpc caller (pyzmq + msgpack, tests/interop/python/call.py) calling the showcase process: the ERR
/// it receives, whose traceback field zerorpc clients print.
/// </summary>
public sealed class PythonCallerTests : IDisposable
{
    private readonly TempDir _folder = new("zask-python-caller-");

    [PyzmqFact]
    public async Task With_DEBUG_off_the_traceback_has_no_stack_frames_and_no_file_paths()
    {
        var error = await ErrorFromShowcaseAsync(debug: false, "fail", """["boom"]""");

        error[0].Should().Be("ValueError");
        error[1].Should().Be("boom");
        error[2].Should().Be("ValueError: boom");
        error[2].Should().NotContain(" at ").And.NotContain(".cs").And.NotContain("/");
    }

    [PyzmqFact]
    public async Task With_DEBUG_on_the_traceback_keeps_the_stack()
    {
        var error = await ErrorFromShowcaseAsync(debug: true, "fail", """["boom"]""");

        error[0].Should().Be("ValueError");
        error[2].Should().Contain("at Showcase.ShowcaseService.Fail(");
    }

    [PyzmqFact]
    public async Task An_argument_of_the_wrong_type_is_described_in_the_callers_words()
    {
        var error = await ErrorFromShowcaseAsync(debug: false, "range", """["x"]""");

        error[0].Should().Be("TypeError");
        error[1].Should().Be("range() argument 'n' must be an integer, not a str");
        error[2].Should().Be("TypeError: range() argument 'n' must be an integer, not a str");
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string[]> ErrorFromShowcaseAsync(bool debug, string method, string argsJson)
    {
        var endpoint = $"tcp://127.0.0.1:{FreePort()}";
        var config = _folder.File($"showcase-{(debug ? "debug" : "production")}.json", $$"""
            {
              "DEBUG": {{(debug ? "true" : "false")}},
              "ERROR_LOG": "{{_folder.Combine("error.log")}}",
              "ZERORPC_ACCESS_LOG": "{{_folder.Combine("access.log")}}",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{_folder.Combine(debug ? "debug.db" : "production.db")}}"
            }
            """);
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, endpoint);
        var reply = await PythonPeer.CallAsync(endpoint, method, argsJson);
        reply.GetProperty("name").GetString().Should().Be("ERR", "call.py said {0}", reply);
        var args = reply.GetProperty("args");
        args.GetArrayLength().Should().Be(3, "ERR args are [name, message, traceback]: {0}", reply);
        return args.EnumerateArray().Select(a => a.GetString() ?? "").ToArray();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
