using System.Text.Json;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>Roles: access keys grouped in the service entry, required by [RequireRole] on a class or a method.</summary>
public sealed class RoleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [ZeroRpcService("vault")]
    public sealed class VaultService
    {
        private int _wipes;

        public int Wipes => Volatile.Read(ref _wipes);

        public string Peek() => "open to every accepted key";

        [RequireRole("admin")]
        public int Wipe() => Interlocked.Increment(ref _wipes);

        [RequireRole("admin", "auditor")]
        public string Audit() => "audited";
    }

    [RequireRole("reader")]
    [ZeroRpcService("library")]
    public sealed class LibraryService
    {
        public string Read() => "read";

        [RequireRole("admin")]
        public string Burn() => "burnt";
    }

    private static Dictionary<string, object> Entry(string endpoint, string accessKey, object? roles) => new()
    {
        ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = accessKey,
        ["client_keys"] = new[] { "admin_key", "reader_key", "auditor_key" },
        ["roles"] = roles ?? new Dictionary<string, string[]>
        {
            ["admin"] = ["admin_key"], ["reader"] = ["reader_key", "admin_key"], ["auditor"] = ["auditor_key"],
        },
    };

    private static async Task<RemoteException> Refused(Func<Task> call) =>
        (await FluentActions.Awaiting(call).Should().ThrowAsync<RemoteException>()).Which;

    [Fact]
    public async Task A_method_requiring_a_role_refuses_keys_without_it_with_Forbidden_before_it_runs()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = TestApp.WithService("vault", endpoint, "reader_key", ["admin_key", "reader_key", "auditor_key"]);
        var entry = (IReadOnlyDictionary<string, object?>)test.App.Config["ZERORPC_VAULT"]!;
        test.App.Config["ZERORPC_VAULT"] = new Dictionary<string, object?>(entry)
        {
            ["roles"] = new Dictionary<string, object?> { ["admin"] = new object?[] { "admin_key" }, ["auditor"] = new object?[] { "auditor_key" } },
        };
        var rpc = new ZeroRpcExtension(test.App);
        var vault = new VaultService();
        await using var server = rpc.Server(vault);
        server.EnsureBound();
        await using var reader = rpc.Client("vault");

        (await reader.CallAsync<string>("peek")).Should().Be("open to every accepted key");
        var error = await Refused(() => reader.CallAsync<int>("wipe"));
        error.Name.Should().Be("Forbidden");
        error.RemoteMessage.Should().Contain("wipe requires the role 'admin'").And.NotContain("reader_key", "keys are never echoed whole");
        (await Refused(() => reader.CallAsync<string>("audit"))).RemoteMessage.Should().Contain("one of the roles 'admin', 'auditor'");
        vault.Wipes.Should().Be(0, "a forbidden call never runs");

        // The refusal is one warning line in the error log's source, the access log: no stack.
        await server.StopAsync();
        await test.App.DisposeAsync();
        var lines = File.ReadAllLines(test.AccessLogPath);
        lines.Should().Contain(l => l.Contains("\"wipe\" - ERROR - ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_in_the_role_pass_and_requirements_of_class_and_method_both_apply()
    {
        var endpoint = FreePort.Endpoint();
        await using var admin = new TestApp(new Dictionary<string, object> { ["ZERORPC_LIBRARY"] = Entry(endpoint, "admin_key", null) });
        var rpc = new ZeroRpcExtension(admin.App);
        await using var server = rpc.Server(new LibraryService());
        server.EnsureBound();
        await using var adminClient = rpc.Client("library");
        (await adminClient.CallAsync<string>("read")).Should().Be("read");
        (await adminClient.CallAsync<string>("burn")).Should().Be("burnt");

        // Another app, same service, the reader's key: the class's role is enough for read, not for burn.
        await using var readerApp = new TestApp(new Dictionary<string, object> { ["ZERORPC_LIBRARY"] = Entry(endpoint, "reader_key", null) });
        await using var readerClient = new ZeroRpcExtension(readerApp.App).Client("library");
        (await readerClient.CallAsync<string>("read")).Should().Be("read");
        (await Refused(() => readerClient.CallAsync<string>("burn"))).Name.Should().Be("Forbidden");

        // The auditor lacks the class's reader role: even read is forbidden.
        await using var auditorApp = new TestApp(new Dictionary<string, object> { ["ZERORPC_LIBRARY"] = Entry(endpoint, "auditor_key", null) });
        await using var auditorClient = new ZeroRpcExtension(auditorApp.App).Client("library");
        (await Refused(() => auditorClient.CallAsync<string>("read"))).RemoteMessage.Should().Contain("requires the role 'reader'");

        // A plain zerorpc client sends no key: the key check refuses it first.
        await using var plain = new ZeroRpcClient();
        plain.Connect(endpoint);
        (await Refused(() => plain.CallAsync<string>("read"))).Name.Should().Be("NoSuchAccessKey");
    }

    [Fact]
    public async Task Without_roles_in_the_entry_no_role_is_checked()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_VAULT"] = new Dictionary<string, object> { ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = "anyone" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var vault = new VaultService();
        await using var server = rpc.Server(vault);
        server.EnsureBound();
        await using var client = rpc.Client("vault");
        (await client.CallAsync<int>("wipe")).Should().Be(1);
    }

    private InvalidServiceConfigException BadEntry(string entryJson)
    {
        var config = new Config(_dir.Path, null);
        config.FromFile(_dir.File("settings.json", $$"""{ "ZERORPC_VAULT": {{entryJson}} }"""));
        var error = FluentActions.Invoking(() => ServiceConfig.ValidateAll(config)).Should().Throw<InvalidServiceConfigException>().Which;
        error.ConfigKey.Should().Be("ZERORPC_VAULT");
        return error;
    }

    [Fact]
    public void Roles_fail_closed_at_start_naming_what_is_wrong()
    {
        const string head = """ "1.0": "tcp://127.0.0.1:5000", "client_keys": ["admin_key_123"] """;
        var notAKey = BadEntry($$"""{ {{head}}, "roles": { "admin": ["someone_else_1"] } }""");
        notAKey.EntryKey.Should().Be("roles");
        notAKey.Found.Should().Contain("role \"admin\"").And.Contain("not one of client_keys").And.NotContain("someone_else_1");

        BadEntry($$"""{ {{head}}, "roles": ["admin"] }""").EntryKey.Should().Be("roles");
        BadEntry($$"""{ {{head}}, "roles": { "admin": "admin_key_123" } }""").Found.Should().Contain("single string");
        BadEntry($$"""{ {{head}}, "roles": { "admin": [42] } }""").Found.Should().Contain("item 0");
        BadEntry("""{ "1.0": "tcp://127.0.0.1:5000", "roles": { "admin": ["k"] } }""").Message.Should().Contain("client_keys");
        var misspelt = BadEntry($$"""{ {{head}}, "rolse": { "admin": ["admin_key_123"] } }""");
        misspelt.EntryKey.Should().Be("rolse");
        misspelt.Message.Should().Contain("did you mean \"roles\"");
    }

    [Fact]
    public void The_events_endpoint_is_checked_at_start()
    {
        BadEntry("""{ "1.0": "tcp://127.0.0.1:5000", "events": "127.0.0.1:5001" }""").EntryKey.Should().Be("events");
        BadEntry("""{ "1.0": "tcp://127.0.0.1:5000", "events": 5001 }""").EntryKey.Should().Be("events");
        var config = new Config(_dir.Path, null);
        config.FromFile(_dir.File("ok.json", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ZERORPC_VAULT"] = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:5000", ["events"] = "tcp://127.0.0.1:5001" },
        })));
        ServiceConfig.Read(config, "vault").Events.Should().Be("tcp://127.0.0.1:5001");
    }
}
