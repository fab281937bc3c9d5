namespace Zask.Registry.Etcd.Tests;

public class EtcdRegistryUriTests
{
    [Fact]
    public void Parses_several_hosts_a_prefix_and_default_ports()
    {
        var uri = EtcdRegistryUri.Parse("etcd://etcd-1:2379,etcd-2,10.0.0.3:12379/zask/prod/", "ZERORPC_ORDERS.registry");

        uri.Hosts.Should().Equal(new EtcdHost("etcd-1", 2379), new EtcdHost("etcd-2", 2379), new EtcdHost("10.0.0.3", 12379));
        uri.Prefix.Should().Be("/zask/prod");
        uri.UseTls.Should().BeFalse();
        uri.Username.Should().BeNull();
    }

    [Fact]
    public void Decodes_user_and_password_and_masks_the_password()
    {
        var uri = EtcdRegistryUri.Parse("etcd://svc%40orders:p%3Ass@etcd:2379/zask?tls=true", "k");

        uri.Username.Should().Be("svc@orders");
        uri.Password.Should().Be("p:ss");
        uri.UseTls.Should().BeTrue();
        uri.DisplayUri.Should().Be("etcd://svc%40orders:***@etcd:2379/zask?tls=true");
    }

    [Fact]
    public void A_ca_file_implies_tls_and_ipv6_hosts_take_brackets()
    {
        var uri = EtcdRegistryUri.Parse("etcd://[::1]:2379/zask?ca_file=/etc/etcd/ca.pem", "k");

        uri.Hosts.Should().Equal(new EtcdHost("::1", 2379));
        uri.CaFile.Should().Be("/etc/etcd/ca.pem");
        uri.UseTls.Should().BeTrue();
        uri.Hosts[0].ToString().Should().Be("[::1]:2379");
    }

    [Theory]
    [InlineData("", "the registry URI is empty")]
    [InlineData("   ", "the registry URI is empty")]
    [InlineData("consul://c:8500/zask", "unsupported registry scheme 'consul'")]
    [InlineData("etcd-1:2379/zask", "expected etcd://host:2379/prefix")]
    [InlineData("etcd:///zask", "no etcd host")]
    [InlineData("etcd://a:2379,,b:2379/zask", "an empty host in the host list")]
    [InlineData("etcd://:2379/zask", "':2379' has no host name")]
    [InlineData("etcd://etcd:port/zask", "port 'port' of 'etcd' is not a number from 1 to 65535")]
    [InlineData("etcd://etcd:70000/zask", "port '70000' of 'etcd' is not a number")]
    [InlineData("etcd://etcd:0/zask", "port '0' of 'etcd'")]
    [InlineData("etcd://etcd:/zask", "port '' of 'etcd'")]
    [InlineData("etcd://et cd:2379/zask", "'et cd' is not a host name or IP address")]
    [InlineData("etcd://[::1:2379/zask", "opens an IPv6 address with '[' but does not close it")]
    [InlineData("etcd://etcd:2379", "no key prefix")]
    [InlineData("etcd://etcd:2379/", "no key prefix")]
    [InlineData("etcd://etcd:2379/a//b", "has an empty segment")]
    [InlineData("etcd://etcd:2379/zask?tls=yes", "tls must be true or false, not 'yes'")]
    [InlineData("etcd://etcd:2379/zask?timeout=5", "unknown parameter 'timeout' (known: tls, ca_file)")]
    [InlineData("etcd://etcd:2379/zask?ca_file=", "ca_file is empty")]
    [InlineData("etcd://@etcd:2379/zask", "the user before '@' is empty")]
    [InlineData("etcd://user:@etcd:2379/zask", "the password after 'user:' is empty")]
    [InlineData("etcd://etcd:2379/zask#x", "a fragment")]
    public void Each_malformed_form_has_a_precise_error_naming_the_setting(string uri, string expected)
    {
        var parse = () => EtcdRegistryUri.Parse(uri, "ZERORPC_ORDERS.registry");

        var error = parse.Should().Throw<RegistryConfigException>().Which;
        error.Should().BeAssignableTo<ConfigException>();
        error.ConfigKey.Should().Be("ZERORPC_ORDERS.registry");
        error.Message.Should().StartWith("ZERORPC_ORDERS.registry: ").And.Contain(expected);
    }

    [Fact]
    public void An_error_never_shows_the_password()
    {
        var parse = () => EtcdRegistryUri.Parse("etcd://user:s3cret@etcd:bad/zask", "k");

        parse.Should().Throw<RegistryConfigException>().Which.Message.Should().NotContain("s3cret").And.Contain("user:***@");
    }

    [Fact]
    public void The_etcds_scheme_means_tls()
    {
        var uri = EtcdRegistryUri.Parse("etcds://etcd-1:2379,etcd-2/zask", "k");

        uri.UseTls.Should().BeTrue();
        uri.Hosts.Should().Equal(new EtcdHost("etcd-1", 2379), new EtcdHost("etcd-2", 2379));
        var contradiction = () => EtcdRegistryUri.Parse("etcds://etcd-1:2379/zask?tls=false", "ZERORPC_ORDERS.registry");
        contradiction.Should().Throw<RegistryConfigException>().WithMessage("ZERORPC_ORDERS.registry: *tls=false contradicts the etcds scheme*");
    }
}
