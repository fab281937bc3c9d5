namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>The config-driven middlewares on a server whose calls run on the I/O path (<see cref="CallDispatch.Inline"/>).</summary>
public class InlineDispatchTests
{
    [Fact]
    public async Task The_built_in_middlewares_work_the_same_on_the_io_thread()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.WithService("showcase", endpoint, "good_key", ["good_key"]);
        var accessLog = test.AccessLogPath;
        var rpc = new ZeroRpcExtension(test.App);
        await using var server = rpc.Server(new ShowcaseService(), new ZeroRpcServerOptions { Dispatch = CallDispatch.Inline });
        server.EnsureBound();
        await using var client = rpc.Client("showcase");
        for (var i = 0; i < 10; i++)
        {
            (await client.CallAsync<string>("hello", $"n{i}")).Should().Be($"Hello, n{i}!");
        }
        var header = await client.CallAsync<Dictionary<string, object?>>("header");
        header["access_key"].Should().Be("good_key");

        await using var plain = new ZeroRpcClient();
        plain.Connect(endpoint);
        (await FluentActions.Awaiting(() => plain.CallAsync<string>("hello", "intruder")).Should().ThrowAsync<RemoteException>())
            .Which.Name.Should().Be("NoSuchAccessKey");

        await Eventually.True(() => File.Exists(accessLog) && File.ReadAllLines(accessLog).Count(l => l.Contains("hello")) >= 11,
            "one access-log line per hello call, the refused one included");
    }
}
