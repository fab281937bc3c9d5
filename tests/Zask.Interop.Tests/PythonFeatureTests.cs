using System.Collections.Concurrent;
using Zask.Interop.Tests.Support;
using Zask.ZeroRpc;

namespace Zask.Interop.Tests;

/// <summary>
/// The showcase's validation, roles and events seen by a zerorpc-python peer (our pyzmq + msgpack scripts): errors as
/// a Python caller receives them, and events both ways over ZeroRPC pub/sub.
/// </summary>
public sealed class PythonFeatureTests : IDisposable
{
    private readonly TempDir _folder = new("zask-python-features-");

    public void Dispose() => _folder.Dispose();

    private async Task<ShowcaseChild> StartShowcaseAsync(string endpoint, params string[] extraArgs)
    {
        var config = _folder.File("showcase.json", $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{_folder.Combine("error.log")}}",
              "ZERORPC_ACCESS_LOG": "{{_folder.Combine("access.log")}}",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{_folder.Combine("showcase.db")}}",
              "ZERORPC_SHOWCASE": {
                "1.0": "{{endpoint}}", "default": "1.0",
                "client_keys": ["admin_key", "reader_key"], "roles": { "admin": ["admin_key"] }
              }
            }
            """);
        return await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, endpoint, extraArgs, new Dictionary<string, string>());
    }

    private static string[] ErrorOf(System.Text.Json.JsonElement reply)
    {
        reply.GetProperty("name").GetString().Should().Be("ERR", "call.py said {0}", reply);
        return reply.GetProperty("args").EnumerateArray().Select(a => a.GetString() ?? "").ToArray();
    }

    [PyzmqFact]
    public async Task A_python_caller_receives_ValidationError_naming_each_failing_field()
    {
        var endpoint = FreePort.Endpoint();
        using var showcase = await StartShowcaseAsync(endpoint);
        var error = ErrorOf(await PythonPeer.CallAsync(endpoint, "register", """["al", "not-an-email", 7]""", """{"access_key": "reader_key"}"""));
        error[0].Should().Be("ValidationError");
        var lines = error[1].Split('\n');
        lines[0].Should().Be("register() got invalid arguments:");
        lines.Skip(1).Select(l => l.Split(':')[0]).Should().BeEquivalentTo("username", "email", "age");

        var ok = await PythonPeer.CallAsync(endpoint, "register", """["alice", "alice@example.com", 30]""", """{"access_key": "reader_key"}""");
        ok.GetProperty("name").GetString().Should().Be("OK", "call.py said {0}", ok);
    }

    [PyzmqFact]
    public async Task A_python_caller_with_the_access_key_header_is_checked_against_the_role()
    {
        var endpoint = FreePort.Endpoint();
        using var showcase = await StartShowcaseAsync(endpoint);
        var forbidden = ErrorOf(await PythonPeer.CallAsync(endpoint, "admin_reset", "[]", """{"access_key": "reader_key"}"""));
        forbidden[0].Should().Be("Forbidden");
        forbidden[1].Should().Contain("requires the role 'admin'");

        var allowed = await PythonPeer.CallAsync(endpoint, "admin_reset", "[]", """{"access_key": "admin_key"}""");
        allowed.GetProperty("name").GetString().Should().Be("OK", "call.py said {0}", allowed);

        (await showcase.StopAsync()).Should().Be(0);
        // The refusal is a warning of one line: no stack in the error log.
        var errors = File.Exists(_folder.Combine("error.log")) ? await File.ReadAllTextAsync(_folder.Combine("error.log")) : "";
        errors.Should().NotContain("at Showcase.");
    }

    [PyzmqFact]
    public async Task A_python_subscriber_receives_the_events_the_showcase_publishes()
    {
        var endpoint = FreePort.Endpoint();
        var events = FreePort.Endpoint();
        using var showcase = await StartShowcaseAsync(endpoint, "--events", events);
        var received = PythonPeer.RunAsync("events.py", "subscribe", events);
        // The subscription reaches the publisher a moment after it connects: add users until one is heard of.
        var added = new List<string>();
        await Eventually.True(async () =>
        {
            var name = $"py{added.Count}";
            added.Add(name);
            var reply = await PythonPeer.CallAsync(endpoint, "add_user", $$"""["{{name}}", "{{name}}@example.com"]""", """{"access_key": "reader_key"}""");
            reply.GetProperty("name").GetString().Should().Be("OK", "call.py said {0}", reply);
            return received.IsCompleted;
        }, "an event received by events.py", TimeSpan.FromSeconds(30));
        var evt = await received;
        evt.GetProperty("name").GetString().Should().Be("user_added");
        added.Should().Contain(evt.GetProperty("args")[0].GetString());
    }

    [PyzmqFact]
    public async Task Events_a_python_publisher_sends_run_the_handlers_of_a_subscribing_Zask_app()
    {
        var events = FreePort.Endpoint();
        using var publisher = PythonPeer.Start("events.py", "publish", events, "order_paid", """[42, "eur"]""");
        try
        {
            (await publisher.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("publishing");
            await using var app = new ZaskApp(new ZaskAppOptions { Name = "listener", RootPath = _folder.Path, EnvironmentPrefix = null });
            app.Config["ZERORPC_BILLING"] = new Dictionary<string, object?> { ["1.0"] = "tcp://127.0.0.1:1", ["events"] = events };
            var seen = new ConcurrentQueue<string>();
            app.Events.Subscribe("order_paid", payload => seen.Enqueue($"{payload[0]} {payload[1]}"));
            await using var relay = new ZeroRpcExtension(app).SubscribeEvents("billing");
            await Eventually.True(() => !seen.IsEmpty, "order_paid handled", TimeSpan.FromSeconds(30));
            seen.First().Should().Be("42 eur");
        }
        finally
        {
            publisher.Kill(entireProcessTree: true);
        }
    }
}
