namespace Zask.Registry.Etcd.Tests;

public class EtcdRegistrySettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Credentials_come_from_the_uri_then_the_entry_then_the_environment()
    {
        var fromUri = EtcdRegistrySettings.Create("etcd://u1:p1@e:2379/z", "k", "u2", "p2", environment: Env(("ZASK_ETCD_USERNAME", "u3"), ("ZASK_ETCD_PASSWORD", "p3")));
        var fromEntry = EtcdRegistrySettings.Create("etcd://e:2379/z", "k", "u2", "p2", environment: Env(("ZASK_ETCD_USERNAME", "u3"), ("ZASK_ETCD_PASSWORD", "p3")));
        var fromEnv = EtcdRegistrySettings.Create("etcd://e:2379/z", "k", environment: Env(("ZASK_ETCD_USERNAME", "u3"), ("ZASK_ETCD_PASSWORD", "p3")));

        (fromUri.Username, fromUri.Password).Should().Be(("u1", "p1"));
        (fromEntry.Username, fromEntry.Password).Should().Be(("u2", "p2"));
        (fromEnv.Username, fromEnv.Password).Should().Be(("u3", "p3"));
        fromEnv.Ttl.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_user_without_a_password_is_refused()
    {
        var create = () => EtcdRegistrySettings.Create("etcd://u1@e:2379/z", "ZERORPC_ORDERS.registry", environment: Env());

        create.Should().Throw<RegistryConfigException>().WithMessage("*etcd user 'u1' is set but no password*ZASK_ETCD_PASSWORD*");
    }

    [Fact]
    public void A_missing_ca_file_is_refused()
    {
        var create = () => EtcdRegistrySettings.Create("etcd://e:2379/z", "k", caFile: "/nonexistent/ca.pem", environment: Env());

        create.Should().Throw<RegistryConfigException>().WithMessage("*CA file '/nonexistent/ca.pem' does not exist*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3601)]
    [InlineData(2.5)]
    public void A_ttl_out_of_range_is_refused(double seconds)
    {
        var create = () => EtcdRegistrySettings.Create("etcd://e:2379/z", "k", ttl: TimeSpan.FromSeconds(seconds), environment: Env());

        create.Should().Throw<RegistryConfigException>().WithMessage("*TTL must be whole seconds from 2 to 3600*");
    }

    [Fact]
    public void Each_credential_remembers_the_setting_it_came_from()
    {
        var fromEntry = EtcdRegistrySettings.Create("etcd://e:2379/z", "ZERORPC_ORDERS.registry", "u2", "p2", environment: Env());
        var fromEnv = EtcdRegistrySettings.Create("etcd://e:2379/z", "ZERORPC_ORDERS.registry", environment: Env(("ZASK_ETCD_USERNAME", "u3"), ("ZASK_ETCD_PASSWORD", "p3")));
        var fromUri = EtcdRegistrySettings.Create("etcd://u1:p1@e:2379/z", "ZERORPC_ORDERS.registry", environment: Env());

        (fromEntry.UsernameSource, fromEntry.PasswordSource).Should().Be(("ZERORPC_ORDERS.registry_username", "ZERORPC_ORDERS.registry_password"));
        (fromEnv.UsernameSource, fromEnv.PasswordSource).Should().Be(("ZASK_ETCD_USERNAME", "ZASK_ETCD_PASSWORD"));
        (fromUri.UsernameSource, fromUri.PasswordSource).Should().Be(("ZERORPC_ORDERS.registry", "ZERORPC_ORDERS.registry"));
    }

    [Fact]
    public void A_ca_file_that_is_not_a_certificate_is_refused_naming_the_setting()
    {
        using var folder = new TempDir();
        var notPem = folder.File("ca.pem", "not a certificate");
        var create = () => EtcdRegistrySettings.Create("etcds://e:2379/z", "ZERORPC_ORDERS.registry", caFile: notPem, environment: Env());

        create.Should().Throw<RegistryConfigException>().WithMessage($"ZERORPC_ORDERS.registry_ca_file: the etcd CA file '{notPem}' is not a PEM or DER certificate*")
            .Which.ConfigKey.Should().Be("ZERORPC_ORDERS.registry_ca_file");
    }
}
