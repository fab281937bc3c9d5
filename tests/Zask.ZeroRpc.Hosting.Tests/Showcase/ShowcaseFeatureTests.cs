using System.Collections.Concurrent;

namespace Zask.ZeroRpc.Hosting.Tests.Showcase;

/// <summary>
/// The showcase's register, events_seen, admin_reset and --events, as a real process configured with roles, called
/// by Zask clients holding the admin's and a reader's access keys.
/// </summary>
public sealed class ShowcaseFeatureTests : IAsyncLifetime
{
    private readonly TempDir _temp = new("zask-showcase-");
    private readonly string _endpoint = FreePort.Endpoint();
    private readonly string _events = FreePort.Endpoint();
    private ShowcaseChild? _showcase;
    private TestApp? _admin;
    private TestApp? _reader;

    public async Task InitializeAsync()
    {
        var folder = _temp.Path;
        var config = _temp.File("showcase.json", $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{folder}}/error.log",
              "ZERORPC_ACCESS_LOG": "{{folder}}/access.log",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder}}/showcase.db",
              "ZERORPC_SHOWCASE": {
                "1.0": "{{_endpoint}}", "default": "1.0", "access_key": "admin_key",
                "client_keys": ["admin_key", "reader_key"], "roles": { "admin": ["admin_key"] }
              }
            }
            """);
        _showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, _endpoint, ["--events", _events], new Dictionary<string, string>());
        _admin = Caller("admin_key");
        _reader = Caller("reader_key");
    }

    private TestApp Caller(string accessKey) => new(new
    {
        ZERORPC_SHOWCASE = new Dictionary<string, object>
        {
            ["1.0"] = _endpoint, ["default"] = "1.0", ["access_key"] = accessKey, ["events"] = _events,
        },
    });

    public async Task DisposeAsync()
    {
        if (_showcase is not null)
        {
            await _showcase.StopAsync();
            _showcase.Dispose();
        }
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }
        _temp.Dispose();
    }

    private static ZeroRpcClient ClientOf(TestApp caller) =>
        new ZeroRpcExtension(caller.App).Client("showcase", options: new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task Register_validates_every_field_adds_the_user_and_each_added_user_is_an_event_seen()
    {
        await using var client = ClientOf(_admin!);
        var error = (await FluentActions.Awaiting(() => client.CallAsync<int>("register", "al", "not-an-email", 7))
            .Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("ValidationError");
        var lines = error.RemoteMessage.Split('\n');
        lines.Should().HaveCount(4);
        lines.Should().Contain(l => l.StartsWith("username: StringLength(3, 20): ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("email: EmailAddress: ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("age: Range(13, 130): ", StringComparison.Ordinal));
        (await client.CallAsync<int>("count_users")).Should().Be(0, "a refused registration adds nobody");
        (await client.CallAsync<long>("events_seen")).Should().Be(0);

        var id = await client.CallAsync<int>("register", "alice", "alice@example.com", 30);
        var user = await client.CallAsync<Dictionary<string, object?>>("get_user", "alice");
        Convert.ToInt32(user["id"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(id);
        await client.CallAsync<int>("add_user", "bob", "bob@example.com");
        await Eventually.True(async () => await client.CallAsync<long>("events_seen") == 2, "events_seen() reaching 2");
    }

    [Fact]
    public async Task Admin_reset_is_forbidden_without_the_admin_role_and_deletes_every_user_with_it()
    {
        await using var admin = ClientOf(_admin!);
        await using var reader = ClientOf(_reader!);
        await admin.CallAsync<int>("add_user", "carol", "carol@example.com");
        (await reader.CallAsync<int>("count_users")).Should().Be(1, "the reader's key is accepted for other methods");

        var error = (await FluentActions.Awaiting(() => reader.CallAsync<int>("admin_reset")).Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("Forbidden");
        error.RemoteMessage.Should().Contain("requires the role 'admin'");
        (await admin.CallAsync<int>("count_users")).Should().Be(1, "a forbidden reset deletes nothing");

        (await admin.CallAsync<int>("admin_reset")).Should().Be(1);
        (await admin.CallAsync<int>("count_users")).Should().Be(0);
    }

    [Fact]
    public async Task With_events_a_subscribing_Zask_service_receives_user_added()
    {
        var received = new ConcurrentQueue<string>();
        _reader!.App.Events.Subscribe("user_added", payload => received.Enqueue((string)payload[0]!));
        await using (new ZeroRpcExtension(_reader.App).SubscribeEvents("showcase"))
        {
            await using var client = ClientOf(_admin!);
            // A subscription takes a moment to reach the publisher (events before that are not kept): add users until
            // one is heard of.
            var added = new List<string>();
            await Eventually.True(async () =>
            {
                var name = $"user{added.Count}";
                added.Add(name);
                await client.CallAsync<int>("add_user", name, $"{name}@example.com");
                return !received.IsEmpty;
            }, "a user_added event received by the subscriber", TimeSpan.FromSeconds(30));
            received.Should().OnlyContain(n => added.Contains(n));
        }
    }
}
