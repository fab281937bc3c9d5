namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>The extension's servers show their stack to callers only in debug mode.</summary>
public class StackTraceSettingTests
{
    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(false, true, true)]           // an explicit option wins
    [InlineData(true, false, false)]
    public async Task The_traceback_follows_DEBUG_unless_the_option_is_set(object debug, bool? option, bool stackShown)
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new Dictionary<string, object> { ["DEBUG"] = debug });
        var server = new ZeroRpcExtension(test.App).Server(new ShowcaseService(), new ZeroRpcServerOptions { IncludeStackTraces = option });
        server.Bind(endpoint);
        await test.App.StartAsync();
        try
        {
            await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            client.Connect(endpoint);

            var error = (await FluentActions.Awaiting(() => client.CallAsync<object>("fail", "boom")).Should().ThrowAsync<RemoteException>()).Which;

            if (stackShown)
            {
                error.RemoteTraceback.Should().Contain("at Showcase.ShowcaseService.Fail(");
            }
            else
            {
                error.RemoteTraceback.Should().Be("ValueError: boom");
            }
        }
        finally
        {
            await test.App.StopAsync();
        }
    }

    [Fact]
    public async Task A_mistyped_DEBUG_stops_the_app_instead_of_choosing_a_traceback_policy()
    {
        await using var test = new TestApp(new Dictionary<string, object> { ["DEBUG"] = "not a bool" });
        new ZeroRpcExtension(test.App).Server(new ShowcaseService()).Bind(FreePort.Endpoint());

        var error = (await FluentActions.Awaiting(() => test.App.StartAsync()).Should().ThrowAsync<ConfigTypeException>()).Which;

        error.Message.Should().Contain("DEBUG");
    }
}
