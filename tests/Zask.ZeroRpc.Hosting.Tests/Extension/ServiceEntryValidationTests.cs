using NetMQ;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// A service entry fails closed: an unknown key or a value of the wrong shape is an error naming the entry, the key,
/// what was found and what is expected, never a check quietly turned off.
/// </summary>
public sealed class ServiceEntryValidationTests : IDisposable
{
    private const string Endpoint = "tcp://127.0.0.1:5000";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // The entry as a user writes it, in a real JSON file.
    private Config Load(string entryJson, string name = "ZERORPC_SHOWCASE")
    {
        var config = new Config(_dir.Path, null);
        config.FromFile(_dir.File("settings.json", $$"""{ "{{name}}": {{entryJson}} }"""));
        return config;
    }

    private InvalidServiceConfigException Refused(string entryJson)
    {
        var config = Load(entryJson);
        var read = () => ServiceConfig.Read(config, "showcase");
        var error = read.Should().Throw<InvalidServiceConfigException>().Which;
        error.ConfigKey.Should().Be("ZERORPC_SHOWCASE");
        error.Message.Should().StartWith("ZERORPC_SHOWCASE");
        var all = () => ServiceConfig.ValidateAll(config);
        all.Should().Throw<InvalidServiceConfigException>().Which.Message.Should().Be(error.Message, "the start-up check finds the same fault");
        return error;
    }

    [Fact]
    public void Client_keys_given_as_one_string_is_an_error_not_an_open_door()
    {
        var error = Refused("""{ "1.0": "tcp://127.0.0.1:5000", "client_keys": "alpha_key_0123" }""");

        error.EntryKey.Should().Be("client_keys");
        error.Expected.Should().Contain("list of strings");
        error.Found.Should().Contain("single string").And.Contain("14 characters");
        error.Message.Should().Contain("\"client_keys\"").And.NotContain("alpha_key_0123", "a key is never echoed whole");
    }

    [Fact]
    public async Task An_entry_from_a_command_line_source_is_checked_the_same_way()
    {
        await using var test = new TestApp(new Dictionary<string, object>());
        _ = new ZeroRpcExtension(test.App);
        test.App.Config.Add(new Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource
        {
            Args = ["--ZERORPC_BILLING:1.0=tcp://127.0.0.1:1", "--ZERORPC_BILLING:client_keys=billing_key"],
        });

        var check = () => ServiceConfig.ValidateAll(test.App.Config);
        var error = check.Should().Throw<InvalidServiceConfigException>().Which;
        error.ConfigKey.Should().Be("ZERORPC_BILLING");
        error.EntryKey.Should().Be("client_keys");
        error.Found.Should().Contain("single string", "a section with a value and no children is one string, not a list");

        var start = () => test.App.StartAsync();
        (await start.Should().ThrowAsync<InvalidServiceConfigException>()).Where(e => e.EntryKey == "client_keys");

        test.App.Config.Add(new Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource
        {
            Args = ["--ZERORPC_BILLING:1.0=tcp://127.0.0.1:1", "--ZERORPC_BILLING:client_keys:0=billing_key"],
        });
        ServiceConfig.Read(test.App.Config, "billing").Should().NotBeNull("numbered children are a list");
    }

    [Fact]
    public async Task A_malformed_secret_key_from_any_source_stops_the_app_naming_the_key()
    {
        await using var test = new TestApp(new Dictionary<string, object>());
        _ = new ZeroRpcExtension(test.App);
        test.App.Config.Add(new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["ZERORPC_VAULT:1.0"] = "tcp://127.0.0.1:1",
                ["ZERORPC_VAULT:server_secret_key"] = "too-short-secret",
            },
        });

        var start = () => test.App.StartAsync();

        var error = (await start.Should().ThrowAsync<InvalidServiceConfigException>()).Which;
        error.ConfigKey.Should().Be("ZERORPC_VAULT");
        error.EntryKey.Should().Be("server_secret_key");
        error.Found.Should().Contain("16 characters instead of 40");
        error.Message.Should().NotContain("too-short-secret", "a secret key is shown by its fingerprint only");
    }

    [Theory]
    [InlineData("client_key", "client_keys")]
    [InlineData("clientkeys", "client_keys")]
    [InlineData("Client_Keys", "client_keys")]
    [InlineData("acess_key", "access_key")]
    [InlineData("Default", "default")]
    [InlineData("server_secret", "server_secret_key")]
    public void A_misspelt_key_is_named_with_the_closest_known_one(string written, string meant)
    {
        var error = Refused($$"""{ "1.0": "{{Endpoint}}", "{{written}}": ["alpha_key"] }""");

        error.EntryKey.Should().Be(written);
        error.Message.Should().Contain($"did you mean \"{meant}\"");
    }

    [Theory]
    [InlineData("\"localhost:5000\"", "\"localhost:5000\"")]
    [InlineData("[]", "a list of 0 items")]
    [InlineData("[\"tcp://127.0.0.1:1\", 5]", "a list of 2 items")]
    [InlineData("42", "the number 42")]
    [InlineData("{ \"host\": \"x\" }", "an object with 1 keys")]
    [InlineData("\"tcp://\"", "\"tcp://\"")]
    public void A_version_must_be_an_endpoint_or_a_list_of_endpoints(string value, string found)
    {
        var error = Refused($$"""{ "1.0": {{value}} }""");

        error.EntryKey.Should().Be("1.0");
        error.Found.Should().Be(found);
        error.Expected.Should().Contain("endpoint");
        error.Message.Should().Contain("known keys are access_key, advertise, client_keys, client_public_keys, default, events, health_public, registry").And.NotContain("did you mean");
    }

    [Theory]
    [InlineData("\"3.0\"", "\"3.0\"")]
    [InlineData("1.0", "the number 1")]
    [InlineData("[\"1.0\"]", "a list of 1 items")]
    public void The_default_must_name_one_of_the_versions(string value, string found)
    {
        var error = Refused($$"""{ "1.0": "{{Endpoint}}", "2.0": "{{Endpoint}}", "default": {{value}} }""");

        error.EntryKey.Should().Be("default");
        error.Found.Should().Be(found);
        error.Expected.Should().Contain("\"1.0\", \"2.0\"");
    }

    [Theory]
    [InlineData("[\"k\"]", "a list of 1 items")]
    [InlineData("7", "the number 7")]
    [InlineData("\"\"", "\"…\" (0 characters, sha256:e3b0c442)")]
    [InlineData("{}", "an object with 0 keys")]
    public void The_access_key_must_be_a_non_empty_string(string value, string found)
    {
        var error = Refused($$"""{ "1.0": "{{Endpoint}}", "access_key": {{value}} }""");

        error.EntryKey.Should().Be("access_key");
        error.Found.Should().Be(found);
    }

    [Fact]
    public void Every_client_key_must_be_a_non_empty_string()
    {
        var error = Refused("""{ "1.0": "tcp://127.0.0.1:5000", "client_keys": ["good", 5] }""");

        error.EntryKey.Should().Be("client_keys");
        error.Found.Should().Be("item 1 is the number 5");
    }

    [Fact]
    public void A_malformed_key_in_client_public_keys_stops_the_app_naming_it()
    {
        var error = Refused("""{ "1.0": "tcp://127.0.0.1:5000", "client_public_keys": ["rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", "abc"] }""");

        error.EntryKey.Should().Be("client_public_keys");
        error.Found.Should().Contain("item 1").And.Contain("\"abc\"").And.Contain("3 characters instead of 40");
        error.Expected.Should().Contain("40 characters of Z85");
    }

    [Fact]
    public void Client_public_keys_given_as_one_string_is_an_error_not_an_open_door()
    {
        var error = Refused("""{ "1.0": "tcp://127.0.0.1:5000", "client_public_keys": "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7" }""");

        error.EntryKey.Should().Be("client_public_keys");
        error.Found.Should().Contain("single string");
    }

    [Theory]
    [InlineData("server_public_key", "abc", "3 characters instead of 40")]
    [InlineData("server_public_key", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7~", "41 characters instead of 40")]
    [InlineData("server_public_key", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y\\\\7", "character 39 is not in the Z85 alphabet")]
    [InlineData("server_secret_key", "########################################", "characters 1-5 do not encode 4 bytes")]
    public void Curve_keys_must_be_40_characters_of_z85(string name, string value, string problem)
    {
        var error = Refused($$"""{ "1.0": "{{Endpoint}}", "{{name}}": "{{value}}" }""");

        error.EntryKey.Should().Be(name);
        error.Found.Should().Contain(problem);
        error.Expected.Should().Contain("40 characters of Z85");
        if (name == "server_secret_key")
        {
            error.Message.Should().NotContain(value, "a secret key is shown by its fingerprint only");
        }
    }

    [Fact]
    public void A_key_file_with_a_bad_secret_line_is_refused_without_showing_the_secret()
    {
        var secret = new string('!', 39);
        _dir.File("svc.keys", $"public={new NetMQCertificate().PublicKeyZ85}\nsecret={secret}\n");

        var error = Refused("""{ "1.0": "tcp://127.0.0.1:5000", "server_key_file": "svc.keys" }""");

        error.EntryKey.Should().Be("server_key_file");
        error.Found.Should().Contain("secret= line").And.Contain("39 characters instead of 40").And.NotContain(secret);
    }

    [Theory]
    [InlineData("orders_key", "\"or…\" (10 characters, sha256:9de0050f)")]
    [InlineData("bad_key_0001", "\"bad…\" (12 characters, sha256:6b931925)")]
    [InlineData("abc", "\"…\" (3 characters, sha256:ba7816bf)")]
    public void A_secret_is_shown_as_at_most_a_quarter_of_it_its_length_and_a_fingerprint(string key, string shown)
    {
        // The examples of docs/middlewares.md.
        SafeText.Secret(key).Should().Be(shown);
    }

    [Fact]
    public async Task A_server_with_a_public_key_but_no_matching_secret_key_is_not_made()
    {
        var keys = new NetMQCertificate();
        var other = new NetMQCertificate();
        await using var publicOnly = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = new Dictionary<string, object> { ["1.0"] = FreePort.Endpoint(), ["server_public_key"] = keys.PublicKeyZ85 },
        });
        var make = () => new ZeroRpcExtension(publicOnly.App).Server(new ShowcaseService());
        make.Should().Throw<InvalidServiceConfigException>().Where(e => e.EntryKey == "server_secret_key")
            .WithMessage("*would serve unencrypted*");

        await using var mismatched = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = new Dictionary<string, object>
            {
                ["1.0"] = FreePort.Endpoint(), ["server_public_key"] = other.PublicKeyZ85, ["server_secret_key"] = keys.SecretKeyZ85!,
            },
        });
        make = () => new ZeroRpcExtension(mismatched.App).Server(new ShowcaseService());
        make.Should().Throw<InvalidServiceConfigException>().Where(e => e.EntryKey == "server_public_key")
            .Which.Message.Should().NotContain(keys.SecretKeyZ85!);
    }

    [Fact]
    public void An_entry_that_is_not_an_object_is_refused()
    {
        var error = Refused("""["tcp://127.0.0.1:5000"]""");

        error.EntryKey.Should().BeNull();
        error.Found.Should().Be("a list of 1 items");
    }

    [Fact]
    public void A_full_entry_reads_and_null_values_count_as_absent()
    {
        var keys = new NetMQCertificate();
        var config = Load($$"""
            {
              "1.0": "{{Endpoint}}", "2.0": ["{{Endpoint}}", "ipc:///tmp/showcase.sock"], "3.0": null,
              "default": "2.0", "access_key": "alpha", "client_keys": ["alpha", "beta"],
              "server_public_key": "{{keys.PublicKeyZ85}}", "server_secret_key": "{{keys.SecretKeyZ85}}"
            }
            """);

        var entry = ServiceConfig.Read(config, "showcase");

        entry.Versions.Keys.Should().BeEquivalentTo("1.0", "2.0");
        entry.EndpointsFor(null).Should().Equal(Endpoint, "ipc:///tmp/showcase.sock");
        entry.AccessKey.Should().Be("alpha");
        entry.ClientKeys.Should().Equal("alpha", "beta");
        entry.ServerSecretKey.Should().Be(keys.SecretKeyZ85);
        ServiceConfig.Read(Load("""{ "1.0": "tcp://127.0.0.1:5000", "client_keys": null }"""), "showcase").ClientKeys.Should().BeNull();
    }

    [Fact]
    public void An_entry_assigned_in_code_as_a_dictionary_of_strings_reads_like_json()
    {
        var config = new Config(_dir.Path, null);
        config["ZERORPC_SHOWCASE"] = new Dictionary<string, string> { ["1.0"] = Endpoint, ["default"] = "1.0", ["client_keys"] = "k" };

        var read = () => ServiceConfig.Read(config, "showcase");

        read.Should().Throw<InvalidServiceConfigException>().Where(e => e.EntryKey == "client_keys", "the same rules apply");
        config["ZERORPC_SHOWCASE"] = new Dictionary<string, string> { ["1.0"] = Endpoint, ["default"] = "1.0", ["access_key"] = "k" };
        ServiceConfig.Read(config, "showcase").EndpointsFor(null).Should().Equal(Endpoint);
    }

    [Fact]
    public void The_start_up_check_skips_the_access_log_setting_and_checks_every_other_entry()
    {
        var config = new Config(_dir.Path, null);
        config.FromFile(_dir.File("all.json", """
            {
              "ZERORPC_ACCESS_LOG": "access.log",
              "ZERORPC_SHOWCASE": { "1.0": "tcp://127.0.0.1:5000" },
              "ZERORPC_BILLING": { "1.0": "tcp://127.0.0.1:5001", "client_key": ["k"] }
            }
            """));

        var check = () => ServiceConfig.ValidateAll(config);

        check.Should().Throw<InvalidServiceConfigException>().Where(e => e.ConfigKey == "ZERORPC_BILLING" && e.EntryKey == "client_key");
    }

    [Fact]
    public async Task A_bad_entry_of_another_service_stops_the_server_from_being_made_or_the_app_from_starting()
    {
        var endpoint = FreePort.Endpoint();
        await using var test = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = TestApp.Entry(endpoint),
            ["ZERORPC_BILLING"] = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:1", ["client_keys"] = "billing_key" },
        });
        var rpc = new ZeroRpcExtension(test.App);
        var make = () => rpc.Server(new ShowcaseService());
        make.Should().Throw<InvalidServiceConfigException>().Where(e => e.ConfigKey == "ZERORPC_BILLING" && e.EntryKey == "client_keys");

        // Fixed, the server is made; an entry loaded after that is still checked when the app starts.
        test.App.Config.FromFile(_dir.File("fixed.json", """{ "ZERORPC_BILLING": { "1.0": "tcp://127.0.0.1:1" } }"""));
        await using var server = rpc.Server(new ShowcaseService());
        test.App.Config.FromFile(_dir.File("late.json", """{ "ZERORPC_BILLING": { "1.0": "tcp://127.0.0.1:1", "acces_key": "x" } }"""));

        var start = () => test.App.StartAsync();

        (await start.Should().ThrowAsync<InvalidServiceConfigException>())
            .Where(e => e.ConfigKey == "ZERORPC_BILLING" && e.EntryKey == "acces_key");
        server.Endpoints.Should().BeEmpty("the check runs before any server binds");
    }

    [Fact]
    public async Task A_bad_entry_of_the_service_itself_is_refused_when_its_server_is_made()
    {
        await using var test = new TestApp(new Dictionary<string, object>
        {
            ["ZERORPC_SHOWCASE"] = new Dictionary<string, object> { ["1.0"] = "tcp://127.0.0.1:1", ["client_key"] = new[] { "k" } },
        });
        var rpc = new ZeroRpcExtension(test.App);

        var make = () => rpc.Server(new ShowcaseService());

        make.Should().Throw<InvalidServiceConfigException>().Where(e => e.EntryKey == "client_key");
    }
}
