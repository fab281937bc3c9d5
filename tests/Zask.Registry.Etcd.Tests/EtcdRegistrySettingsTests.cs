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
}
