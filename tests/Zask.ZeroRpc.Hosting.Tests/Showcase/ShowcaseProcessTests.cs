namespace Zask.ZeroRpc.Hosting.Tests.Showcase;

/// <summary>The showcase as a real process: configured through CONFIG_PATH, stopped with SIGTERM.</summary>
public class ShowcaseProcessTests
{
    [Fact]
    public async Task Sigterm_lets_the_call_in_flight_finish_and_the_process_exits_0()
    {
        var endpoint = FreePort.Endpoint();
        using var temp = new TempDir("zask-showcase-");
        var folder = temp.Path;
        var config = Path.Combine(folder, "showcase.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{folder}}/error.log",
              "ZERORPC_ACCESS_LOG": "{{folder}}/access.log",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder}}/showcase.db",
              "ZERORPC_SHOWCASE": { "1.0": "{{endpoint}}", "default": "1.0", "access_key": "good", "client_keys": ["good"] }
            }
            """);
        using (var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, endpoint))
        {
            // The caller uses the same service entry, so it sends the accepted key.
            await using var test = TestApp.ForShowcase(endpoint, "good");
            var rpc = new ZeroRpcExtension(test.App);
            await using var client = rpc.Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
            (await client.CallAsync<string>("hello", "key")).Should().Be("Hello, key!");

            await using var keyless = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
            keyless.Connect(endpoint);
            (await FluentActions.Awaiting(() => keyless.CallAsync<string>("hello", "no key")).Should().ThrowAsync<RemoteException>())
                .Which.Name.Should().Be("NoSuchAccessKey", "the entry's client_keys are enforced");

            var inFlight = client.CallAsync<double>("sleep", 1.5);
            // Sent after it on the same connection, answered: the server has taken the sleep call.
            (await client.CallAsync<string>("hello", "after")).Should().Be("Hello, after!");
            var exit = showcase.StopAsync();
            (await inFlight).Should().Be(1.5, "a call accepted before SIGTERM still gets its reply");
            (await exit).Should().Be(0, showcase.Stderr);
        }
        var access = File.ReadAllText(Path.Combine(folder, "access.log"));
        access.Should().Contain("good - [").And.Contain("\"sleep\" - OK");
        access.Should().Contain("None - [").And.Contain("\"hello\" - ERROR");
    }
}
