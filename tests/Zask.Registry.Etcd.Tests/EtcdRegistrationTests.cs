using Etcdserverpb;
using Zask.Registry.Etcd.Internal;
using Zask.Registry.Etcd.Tests.Support;

namespace Zask.Registry.Etcd.Tests;

public class EtcdRegistrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ServiceInstance Instance(string endpoint, string version = "v1") =>
        new("orders", version, endpoint, DateTimeOffset.UtcNow, new Dictionary<string, string> { ["zone"] = "a" });

    private static string[] Endpoints(EtcdServiceResolver resolver) => resolver.Instances.Select(i => i.Endpoint).ToArray();

    [EtcdFact]
    public async Task A_resolver_reads_registered_endpoints_then_follows_registrations_and_deregistrations()
    {
        var settings = EtcdEnv.SingleSettings();
        await using var first = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.1:4242")]);
        first.Start();
        await first.WaitRegisteredAsync().WaitAsync(Patience);

        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await resolver.WaitForFirstAnswerAsync().WaitAsync(Patience);
        Endpoints(resolver).Should().Equal("tcp://10.0.0.1:4242");
        resolver.Instances[0].Metadata.Should().ContainKey("zone").WhoseValue.Should().Be("a");

        await using var second = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.2:4242")]);
        second.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 2, "the watch reports the second server", Patience);
        Endpoints(resolver).Should().BeEquivalentTo(["tcp://10.0.0.1:4242", "tcp://10.0.0.2:4242"]);

        await first.DeregisterAsync();
        await Eventually.True(() => Endpoints(resolver).Length == 1, "the watch reports the deregistration", Patience);
        Endpoints(resolver).Should().Equal("tcp://10.0.0.2:4242");
    }

    [EtcdFact]
    public async Task Other_versions_and_services_are_not_resolved()
    {
        var settings = EtcdEnv.SingleSettings();
        await using var v2 = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.9:1", "v2")]);
        await using var other = new EtcdServiceRegistration(settings, [new ServiceInstance("orders-archive", "v1", "tcp://10.0.0.9:2", DateTimeOffset.UtcNow)]);
        await using var v1 = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.9:3", "v1")]);
        v2.Start();
        other.Start();
        v1.Start();
        await Task.WhenAll(v2.WaitRegisteredAsync(), other.WaitRegisteredAsync(), v1.WaitRegisteredAsync()).WaitAsync(Patience);

        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await resolver.WaitForFirstAnswerAsync().WaitAsync(Patience);

        Endpoints(resolver).Should().Equal("tcp://10.0.0.9:3");
        var all = await EtcdServiceCatalog.ListAsync(settings);
        all.Select(i => (i.Service, i.Version, i.Endpoint)).Should().Equal(
            ("orders", "v1", "tcp://10.0.0.9:3"), ("orders", "v2", "tcp://10.0.0.9:1"), ("orders-archive", "v1", "tcp://10.0.0.9:2"));
    }

    [EtcdFact]
    public async Task A_crashed_server_disappears_when_its_lease_expires()
    {
        var settings = EtcdEnv.SingleSettings(ttlSeconds: 2);
        var crashed = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.3:4242")]);
        await using var alive = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.4:4242")]);
        crashed.Start();
        alive.Start();
        await Task.WhenAll(crashed.WaitRegisteredAsync(), alive.WaitRegisteredAsync()).WaitAsync(Patience);
        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 2, "both servers are resolved", Patience);

        await crashed.AbandonAsync();

        await Eventually.True(() => Endpoints(resolver).Length == 1, "the crashed server's lease expires", Patience);
        Endpoints(resolver).Should().Equal("tcp://10.0.0.4:4242");
        alive.IsRegistered.Should().BeTrue("the live server keeps its lease alive past several TTLs");
    }

    [EtcdFact]
    public async Task A_lost_lease_is_recreated_and_the_endpoints_written_again()
    {
        var settings = EtcdEnv.SingleSettings(ttlSeconds: 3);
        await using var registration = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.5:4242")]);
        registration.Start();
        await registration.WaitRegisteredAsync().WaitAsync(Patience);
        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 1, "the server is resolved", Patience);
        var lost = registration.LeaseId;

        // What an operator's `etcdctl lease revoke`, or an expiry during a long partition, does.
        using (var admin = new EtcdConnection(settings))
        {
            await admin.Lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lost });
        }

        await Eventually.True(() => registration.LeaseId != lost && registration.LeaseId != 0 && Endpoints(resolver).Length == 1, "a new lease is taken and the endpoint listed again", Patience);
        Endpoints(resolver).Should().Equal("tcp://10.0.0.5:4242");
    }

    [Fact]
    public async Task With_etcd_unreachable_a_registration_does_not_throw_and_a_resolver_has_no_answer()
    {
        // A port nothing listens on: bound then released.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = EtcdRegistrySettings.Create($"etcd://127.0.0.1:{port}/zask", "test", environment: _ => null);

        await using var registration = new EtcdServiceRegistration(settings, [Instance("tcp://10.0.0.6:4242")]);
        registration.Start();
        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();

        var wait = () => resolver.WaitForFirstAnswerAsync(new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token);
        await wait.Should().ThrowAsync<OperationCanceledException>();
        registration.IsRegistered.Should().BeFalse();
        resolver.Instances.Should().BeEmpty();
    }
}
