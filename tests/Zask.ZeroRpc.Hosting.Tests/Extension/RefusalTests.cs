namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// Calls meant for another service, or carrying a hostile access key, are refused before the method runs, with
/// messages that name the problem without echoing the key or growing with the caller's input.
/// </summary>
public class RefusalTests
{
    /// <summary>
    /// <see cref="GuardedService"/> served from an entry that sends and accepts <c>good_key</c>, and a client whose
    /// request headers the test overrides through <see cref="Headers"/>.
    /// </summary>
    private sealed class Guarded : IAsyncDisposable
    {
        public Guarded(ZeroRpcClientOptions? clientOptions = null)
        {
            Test = TestApp.WithService("guarded", FreePort.Endpoint(), "good_key", ["good_key"]);
            var rpc = new ZeroRpcExtension(Test.App);
            rpc.RegisterMiddleware(Headers);
            Server = rpc.Server(Service);
            Server.EnsureBound();
            Client = rpc.Client("guarded", options: clientOptions);
        }

        public TestApp Test { get; }

        public HeaderOverride Headers { get; } = new();

        public GuardedService Service { get; } = new();

        public ZeroRpcServer Server { get; }

        public ZeroRpcClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            await Test.DisposeAsync();
        }
    }

    private static async Task<RemoteException> Refused(ZeroRpcClient client) =>
        (await FluentActions.Awaiting(() => client.CallAsync<int>("touch")).Should().ThrowAsync<RemoteException>()).Which;

    [Fact]
    public async Task A_call_naming_another_service_is_refused_even_with_a_valid_key_and_the_server_keeps_serving()
    {
        await using var served = new Guarded();
        var (headers, guarded, client) = (served.Headers, served.Service, served.Client);

        headers.Values["service_name"] = "other";
        var error = await Refused(client);
        error.Name.Should().Be("ServiceNotMatch");
        error.RemoteMessage.Should().Be("this is service 'guarded', the call was meant for service \"other\"");

        headers.Values["service_name"] = new object[] { "guarded" };
        (await Refused(client)).RemoteMessage.Should().EndWith("meant for service a list of 1 items");

        headers.Values["service_name"] = "GUARDED";
        (await client.CallAsync<int>("touch")).Should().Be(1, "names that select the same entry are the same service");
        headers.Values.Clear();
        (await client.CallAsync<int>("touch")).Should().Be(2);
        guarded.Calls.Should().Be(2, "no refused call ran");
    }

    [Fact]
    public async Task A_huge_or_list_shaped_key_is_refused_with_a_short_message_that_never_echoes_it()
    {
        await using var served = new Guarded(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
        var (headers, guarded, client) = (served.Headers, served.Service, served.Client);
        var accessLog = served.Test.AccessLogPath;

        var huge = "K" + new string('x', 400_000);
        headers.Values["access_key"] = huge;
        var error = await Refused(client);
        error.Name.Should().Be("NoSuchAccessKey");
        error.RemoteMessage.Should().MatchRegex("^guarded does not accept the access key \"Kxxx…\" \\(400001 characters, sha256:[0-9a-f]{8}\\)$");
        error.Message.Length.Should().BeLessThan(500);

        headers.Values["access_key"] = new object[] { "good_key", "other" };
        error = await Refused(client);
        error.RemoteMessage.Should().Be("guarded requires an access key as a string, the call sent a list of 2 items");

        headers.Values["access_key"] = "good_keY";
        (await Refused(client)).RemoteMessage.Should().NotContain("good_keY");

        headers.Values.Clear();
        (await client.CallAsync<int>("touch")).Should().Be(1, "the server keeps serving");
        guarded.Calls.Should().Be(1);

        await served.Server.StopAsync();
        await served.Test.App.DisposeAsync();
        var lines = File.ReadAllLines(accessLog);
        lines.Should().HaveCount(4);
        lines.Should().OnlyContain(l => l.Length < 200, "a hostile key never inflates the access log");
        lines.Should().NotContain(l => l.Contains("System.Object[]") || l.Contains("good_keY"));
        lines[^1].Should().StartWith("good_key - [");
    }
}
