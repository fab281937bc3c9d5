using Zask.Registry.Etcd;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>The registry keys of a service entry: read, checked, and refused with the setting named.</summary>
public sealed class RegistryEntryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Config Load(string json)
    {
        var config = new Config(_dir.Path, null);
        config.FromFile(_dir.File("settings.json", json));
        return config;
    }

    [Fact]
    public void A_registry_entry_is_read_with_its_ttl_advertise_address_and_any_default_version()
    {
        var config = Load("""
            { "ZERORPC_ORDERS": { "registry": "etcd://etcd-1:2379,etcd-2:2379/zask", "registry_ttl": 5, "advertise": "10.0.0.7",
                                  "default": "2.0", "access_key": "orders_key" } }
            """);

        var entry = ServiceConfig.Read(config, "orders");

        entry.Registry.Should().NotBeNull();
        entry.Registry!.Uri.Hosts.Select(h => h.ToString()).Should().Equal("etcd-1:2379", "etcd-2:2379");
        entry.Registry.Uri.Prefix.Should().Be("/zask");
        entry.Registry.Ttl.Should().Be(TimeSpan.FromSeconds(5));
        entry.Advertise.Should().Be("10.0.0.7");
        entry.DefaultVersion.Should().Be("2.0");
        entry.Versions.Should().BeEmpty();
    }

    [Fact]
    public void A_registry_entry_from_a_source_of_strings_reads_its_ttl_as_seconds()
    {
        using var config = new Config(_dir.Path, null);
        config.Add(new Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource
        {
            Args = ["--ZERORPC_ORDERS:registry=etcd://etcd-1:2379/zask", "--ZERORPC_ORDERS:registry_ttl=7", "--ZERORPC_BILLING:registry=etcd://e:2379/z", "--ZERORPC_BILLING:registry_ttl=0"],
        });

        ServiceConfig.Read(config, "orders").Registry!.Ttl.Should().Be(TimeSpan.FromSeconds(7));
        var zero = () => ServiceConfig.Read(config, "billing");
        zero.Should().Throw<InvalidServiceConfigException>().Which.EntryKey.Should().Be("registry_ttl");
    }

    [Fact]
    public void Static_and_registry_entries_mix_in_one_config()
    {
        var config = Load("""
            { "ZERORPC_ORDERS": { "registry": "etcd://etcd:2379/zask", "default": "1.0" },
              "ZERORPC_BILLING": { "1.0": "tcp://10.0.0.2:4242", "default": "1.0" } }
            """);

        ServiceConfig.ValidateAll(config);

        ServiceConfig.Read(config, "orders").Registry.Should().NotBeNull();
        ServiceConfig.Read(config, "billing").Registry.Should().BeNull();
        ServiceConfig.Read(config, "billing").EndpointsFor(null).Should().Equal("tcp://10.0.0.2:4242");
    }

    [Fact]
    public void A_malformed_registry_uri_is_a_config_exception_at_start_naming_it()
    {
        var config = Load("""{ "ZERORPC_ORDERS": { "registry": "etcd://etcd:notaport/zask" } }""");

        var start = () => ServiceConfig.ValidateAll(config);

        var error = start.Should().Throw<RegistryConfigException>().Which;
        error.Should().BeAssignableTo<ConfigException>();
        error.ConfigKey.Should().Be("ZERORPC_ORDERS.registry");
        error.Message.Should().Contain("etcd://etcd:notaport/zask").And.Contain("port 'notaport'");
    }

    [Theory]
    [InlineData("""{ "registry": 12 }""", "registry")]
    [InlineData("""{ "registry_ttl": 5 }""", "registry_ttl")]
    [InlineData("""{ "registry": "etcd://e:2379/z", "registry_ttl": "5s" }""", "registry_ttl")]
    [InlineData("""{ "registry": "etcd://e:2379/z", "advertise": "not a host" }""", "advertise")]
    [InlineData("""{ "registry": "etcd://e:2379/z", "registry_username": "" }""", "registry_username")]
    public void A_mistyped_registry_key_is_refused_naming_it(string entry, string key)
    {
        var config = Load($$"""{ "ZERORPC_ORDERS": {{entry}} }""");

        var read = () => ServiceConfig.Read(config, "orders");

        read.Should().Throw<InvalidServiceConfigException>().Which.EntryKey.Should().Be(key);
    }

    [Fact]
    public void A_misspelt_registry_key_is_named_with_the_closest_known_one()
    {
        var config = Load("""{ "ZERORPC_ORDERS": { "registy": "etcd://e:2379/z" } }""");

        var read = () => ServiceConfig.Read(config, "orders");

        read.Should().Throw<InvalidServiceConfigException>().Which.Message.Should().Contain("did you mean \"registry\"");
    }
}
