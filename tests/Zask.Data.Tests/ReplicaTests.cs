namespace Zask.Data.Tests;

public class ReplicaTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Reads_go_to_the_replica_and_writes_through_it_are_refused(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var primaryUri = env.NewUri("primary");
        var replicaUri = env.NewUri("replica");

        // Stand-in for replication: the replica database gets the same tables and its own rows.
        using (var replicaSide = env.Db(env.App(replicaUri), typeof(User)))
        {
            replicaSide.CreateAll();
            replicaSide.Session.Add(new User { Username = "on-replica" });
            await replicaSide.Session.CommitAsync();
        }

        var app = env.App(primaryUri, new Dictionary<string, object?> { ["replica"] = replicaUri },
            new Dictionary<string, object?> { ["SQLALCHEMY_READONLY_BINDS"] = new List<object?> { "replica" } });
        using var db = env.Db(app, typeof(User));
        db.IsReadOnly("replica").Should().BeTrue();
        db.CreateAll();
        db.Session.Add(new User { Username = "on-primary" });
        await db.Session.CommitAsync();

        (await db.Query<User>().Select(u => u.Username).ToListAsync()).Should().Equal("on-primary");
        (await db.Query<User>(bind: "replica").Select(u => u.Username).ToListAsync()).Should().Equal("on-replica");
        (await db.Session.UsingBind("replica").Query<User>().Select(u => u.Username).ToListAsync()).Should().Equal("on-replica");

        // Writing through the replica: refused, nothing written anywhere, session rolled back.
        var replica = db.Session.UsingBind("replica");
        replica.Add(new User { Username = "sneaky" });
        db.Session.Add(new User { Username = "innocent" });
        var commit = () => db.Session.CommitAsync();
        (await commit.Should().ThrowAsync<ReadOnlyBindException>()).Which.Bind.Should().Be("replica");
        db.Session.HasChanges.Should().BeFalse();
        DataEnv.Count<User>(db, "replica").Should().Be(1);
        DataEnv.Count<User>(db).Should().Be(1);

        // Changing a row read from the replica is refused the same way, also by the context itself.
        var row = await replica.Query<User>().SingleAsync();
        row.Email = "changed@example.com";
        var save = () => replica.GetContext(typeof(User)).SaveChanges();
        save.Should().Throw<ReadOnlyBindException>();
    }

    [Theory, SqliteData, PostgresData]
    public async Task MarkReadOnly_makes_a_bind_read_only(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"), new Dictionary<string, object?> { ["reports"] = env.NewUri("reports") });
        using var db = env.Db(app, typeof(User));
        db.CreateAll();
        db.IsReadOnly("reports").Should().BeFalse();
        db.MarkReadOnly("reports");
        db.IsReadOnly("reports").Should().BeTrue();
        var unknown = () => db.MarkReadOnly("nope");
        unknown.Should().Throw<UnknownBindException>();

        db.Session.UsingBind("reports").Add(new User { Username = "x" });
        var commit = () => db.Session.CommitAsync();
        await commit.Should().ThrowAsync<ReadOnlyBindException>();
    }
}
