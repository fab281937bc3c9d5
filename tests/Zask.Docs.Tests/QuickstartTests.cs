using DocsSamples;
using Zask.Docs.Tests.Support;

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
}
