using Zask.Registry.Etcd.Tests.Support;

namespace Zask.Registry.Etcd.Tests;

/// <summary>Member failures of a 3-member cluster. One class, so its tests never run at the same time.</summary>
public sealed class EtcdClusterFaultTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static ServiceInstance Instance(string endpoint) => new("orders", "v1", endpoint, DateTimeOffset.UtcNow);

    private static string[] Endpoints(EtcdServiceResolver resolver) => resolver.Instances.Select(i => i.Endpoint).Order(StringComparer.Ordinal).ToArray();

    [EtcdClusterFact]
    public async Task With_one_member_of_three_killed_registration_and_watches_go_on()
    {
        var settings = EtcdEnv.ClusterSettings(ttlSeconds: 4);
        await using var first = new EtcdServiceRegistration(settings, [Instance("tcp://10.1.0.1:1")]);
        first.Start();
        await first.WaitRegisteredAsync().WaitAsync(Patience);
        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 1, "the first server is resolved", Patience);

        ClusterMembers.Kill(1);

        await using var second = new EtcdServiceRegistration(settings, [Instance("tcp://10.1.0.2:1")]);
        second.Start();
        await second.WaitRegisteredAsync().WaitAsync(Patience);
        await Eventually.True(() => Endpoints(resolver).Length == 2, "the watch reports a server registered after the kill", Patience);
        // Past several TTLs, the first server's lease is still kept alive by the two remaining members.
        var longAfter = DateTime.UtcNow + TimeSpan.FromSeconds(3 * 4);
        await Eventually.True(() => DateTime.UtcNow > longAfter || Endpoints(resolver).Length != 2, "three TTLs pass", TimeSpan.FromSeconds(30));
        Endpoints(resolver).Should().Equal("tcp://10.1.0.1:1", "tcp://10.1.0.2:1");
        first.IsRegistered.Should().BeTrue();
    }

    [EtcdClusterFact]
    public async Task With_every_member_stopped_the_last_known_set_stays_and_after_a_restart_servers_register_again()
    {
        var settings = EtcdEnv.ClusterSettings(ttlSeconds: 4);
        await using var first = new EtcdServiceRegistration(settings, [Instance("tcp://10.2.0.1:1")]);
        first.Start();
        await first.WaitRegisteredAsync().WaitAsync(Patience);
        await using var resolver = new EtcdServiceResolver(settings, "orders", "v1");
        resolver.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 1, "the server is resolved", Patience);

        for (var member = 1; member <= 3; member++)
        {
            if (ClusterMembers.IsRunning(member))
            {
                ClusterMembers.Kill(member);
            }
        }
        await Eventually.True(() => !first.IsRegistered, "the registration notices etcd is gone", Patience);
        Endpoints(resolver).Should().Equal(["tcp://10.2.0.1:1"], "the last known set is kept while etcd is down");

        for (var member = 1; member <= 3; member++)
        {
            ClusterMembers.Start(member);
        }
        await Eventually.True(() => first.IsRegistered, "the server registers again", Patience);
        await using var second = new EtcdServiceRegistration(settings, [Instance("tcp://10.2.0.2:1")]);
        second.Start();
        await Eventually.True(() => Endpoints(resolver).Length == 2, "the resolver sees a new server after the restart", Patience);
        Endpoints(resolver).Should().Equal("tcp://10.2.0.1:1", "tcp://10.2.0.2:1");
    }

    /// <summary>Leaves every member running for the next test.</summary>
    public void Dispose()
    {
        if (EtcdEnv.ClusterDir is null)
        {
            return;
        }
        for (var member = 1; member <= 3; member++)
        {
            if (!ClusterMembers.IsRunning(member))
            {
                ClusterMembers.Start(member);
            }
        }
    }
}
