using System.Diagnostics;
using DocsSamples;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace Zask.Docs.Tests;

public class QuickstartTests
{
    [Fact]
    public async Task The_first_server_and_client_work()
    {
        var (greeting, sum, items) = await Quickstart.ServerAndClientAsync();
        greeting.Should().Be("Hello, World!");
        sum.Should().Be(5);
        items.Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task The_app_serves_on_the_endpoints_of_the_settings_in_the_docs()
    {
        using var dir = new TempDir();
        // The very settings shown in quickstart.md, on a free port instead of 4242.
        var settings = MarkdownBlocks.Json("quickstart-settings").Replace(":4242", $":{FreePort.Next()}", StringComparison.Ordinal);
        var path = dir.File("settings.json", settings);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var serving = Quickstart.RunGreeterAsync(path, stop.Token);
        try
        {
            (await Quickstart.CallGreeterAsync(path)).Should().Be("Hello, Zask!");
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    [PyzmqFact]
    public async Task The_python_caller_in_the_docs_gets_the_greeting()
    {
        Requirement.Pyzmq.EnsureMet();
        await using var server = new ZeroRpcServer(new Greeter());
        var endpoint = server.Bind("tcp://127.0.0.1:*");
        using var stop = new CancellationTokenSource();
        var serving = server.RunAsync(stop.Token);
        try
        {
            // The script exactly as quickstart.md prints it, pointed at this server instead of port 4242.
            var script = MarkdownBlocks.ReadDocs().Single(b => b.Marker == "python: quickstart-pyzmq").Text
                .Replace("tcp://127.0.0.1:4242", endpoint, StringComparison.Ordinal);
            var info = new ProcessStartInfo(Requirement.PythonExecutable, ["-c", script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var python = Process.Start(info)!;
            var stdout = python.StandardOutput.ReadToEndAsync();
            var stderr = python.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await python.WaitForExitAsync(deadline.Token);
            python.ExitCode.Should().Be(0, await stderr);
            (await stdout).Trim().Should().Be("OK ['Hello, World!']");
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    [Fact]
    public async Task The_app_with_dependency_injection_serves_a_scoped_service_that_calls_another_through_a_typed_client()
    {
        using var dir = new TempDir();
        var settings = MarkdownBlocks.Json("di-settings")
            .Replace(":4242", $":{FreePort.Next()}", StringComparison.Ordinal)
            .Replace(":4243", $":{FreePort.Next()}", StringComparison.Ordinal);
        var path = dir.File("settings.json", settings);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var greeter = Quickstart.RunGreeterAsync(path, stop.Token);
        var shop = DependencyInjection.RunShopAsync(path, stop.Token);
        try
        {
            await using var app = new ZaskApp("frontend");
            app.Config.FromFile(path);
            await using var client = new ZeroRpcExtension(app).Client("shop");
            (await client.CallAsync<string>("order", "Ann", 2)).Should().Be("Hello, Ann! 2 teapots are on their way.");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(greeter, shop);
        }
    }
}
