namespace Zask.ZeroRpc.Hosting.Tests;

/// <summary>Servers made by the extension run with the app's host and stop gracefully with it.</summary>
public class HostedServerTests
{
    [Fact]
    public async Task Stopping_the_app_lets_a_call_in_flight_get_its_reply_and_refuses_new_calls()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 10,
            ZERORPC_SHOWCASE = TestApp.Entry(endpoint),
        });
        var rpc = new ZeroRpcExtension(test.App);
        var server = rpc.Server(new ShowcaseService());
        await test.App.StartAsync();

        await using var client = rpc.Client("showcase");
        var inFlight = client.CallAsync<double>("sleep", 1.0);
        await Eventually.True(() => server.InFlightCalls == 1, "the call started");
        var stopping = test.App.StopAsync();
        await Eventually.True(() => server.IsStopping, "the host began stopping the server");

        (await inFlight).Should().Be(1.0, "a call accepted before the stop still gets its reply");
        await stopping;
        server.InFlightCalls.Should().Be(0);
    }

    [Fact]
    public async Task Calls_still_running_after_the_grace_period_are_cancelled()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new
        {
            SHUTDOWN_GRACE_PERIOD = 0.5,
            ZERORPC_SHOWCASE = TestApp.Entry(endpoint),
        });
        var rpc = new ZeroRpcExtension(test.App);
        var server = rpc.Server(new ShowcaseService());
        await test.App.StartAsync();
        await using var client = rpc.Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        var tooLong = client.CallAsync<double>("sleep", 30.0);
        await Eventually.True(() => server.InFlightCalls == 1, "the call started");

        await test.App.StopAsync();
        server.InFlightCalls.Should().Be(0, "the grace period ran out and the call was cancelled");
        (await FluentActions.Awaiting(() => tooLong).Should().ThrowAsync<RemoteException>())
            .Which.Name.Should().Be("TaskCanceledException", "the server cancelled the call and told the caller");
    }
}
