using System.Collections.Concurrent;
using System.Text.Json;
using Zask.Interop.Tests.Support;
using Zask.ZeroRpc;

namespace Zask.Interop.Tests;

/// <summary>
/// Events between the showcase or a Zask app and Node, with events made and read by zerorpc-node's own codec
/// (tests/interop/node/events.js) on PUB and SUB sockets.
/// </summary>
public sealed class NodeEventsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDir _folder = new("zask-node-events-");

    public void Dispose() => _folder.Dispose();

    [InteropFact]
    public async Task A_node_subscriber_receives_the_events_the_showcase_publishes()
    {
        var endpoint = FreePort.Endpoint();
        var events = FreePort.Endpoint();
        var config = _folder.File("showcase.json", $$"""
            { "DEBUG": false, "ERROR_LOG": "{{_folder.Combine("error.log")}}", "ZERORPC_ACCESS_LOG": "{{_folder.Combine("access.log")}}",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{_folder.Combine("showcase.db")}}" }
            """);
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, endpoint, ["--events", events], new Dictionary<string, string>());
        using var subscriber = NodePeer.StartScript("events.js", "subscribe", events);
        try
        {
            var line = subscriber.StandardOutput.ReadLineAsync();
            var stderr = subscriber.StandardError.ReadToEndAsync();
            await using var client = new Zask.ZeroRpc.Client.ZeroRpcClient(new Zask.ZeroRpc.Client.ZeroRpcClientOptions { Timeout = Patience });
            client.Connect(endpoint);
            // The subscription reaches the publisher a moment after it connects: add users until one is heard of.
            var added = new List<string>();
            await Eventually.True(async () =>
            {
                var name = $"node{added.Count}";
                added.Add(name);
                await client.CallAsync<int>("add_user", name, $"{name}@example.com");
                return line.IsCompleted;
            }, "an event received by events.js", Patience);
            var text = await line;
            text.Should().NotBeNull("events.js said {0}", await Task.WhenAny(stderr, Task.Delay(100)) == stderr ? await stderr : "");
            var evt = JsonDocument.Parse(text!).RootElement;
            evt.GetProperty("name").GetString().Should().Be("user_added");
            added.Should().Contain(evt.GetProperty("args")[0].GetString());
        }
        finally
        {
            if (!subscriber.HasExited)
            {
                subscriber.Kill(entireProcessTree: true);
            }
        }
    }

    [InteropFact]
    public async Task Events_a_node_publisher_sends_run_the_handlers_of_a_subscribing_Zask_app()
    {
        var events = FreePort.Endpoint();
        using var publisher = NodePeer.StartScript("events.js", "publish", events, "order_paid", """[7, "usd"]""");
        try
        {
            (await publisher.StandardOutput.ReadLineAsync().WaitAsync(Patience)).Should().Be("publishing");
            await using var app = new ZaskApp(new ZaskAppOptions { Name = "listener", RootPath = _folder.Path, EnvironmentPrefix = null });
            app.Config["ZERORPC_BILLING"] = new Dictionary<string, object?> { ["1.0"] = "tcp://127.0.0.1:1", ["events"] = events };
            var seen = new ConcurrentQueue<string>();
            app.Events.Subscribe("order_paid", payload => seen.Enqueue($"{payload[0]} {payload[1]}"));
            await using var relay = new ZeroRpcExtension(app).SubscribeEvents("billing");
            await Eventually.True(() => !seen.IsEmpty, "order_paid handled", Patience);
            seen.First().Should().Be("7 usd");
        }
        finally
        {
            publisher.Kill(entireProcessTree: true);
        }
    }
}
