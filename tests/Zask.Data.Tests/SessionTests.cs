using Microsoft.Extensions.DependencyInjection;

namespace Zask.Data.Tests;

public class SessionTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Add_commit_and_query(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = env.Db(env.App(env.NewUri("main")), typeof(User));
        db.CreateAll();

        db.Session.Add(new User { Username = "admin", Email = "admin@example.com" });
        db.Session.Add(new User { Username = "guest" });
        (await db.Session.CommitAsync()).Should().Be(2);

        var admin = await db.Query<User>().FirstOrDefaultAsync(u => u.Username == "admin");
        admin.Should().NotBeNull();
        admin!.Email.Should().Be("admin@example.com");
        admin.Id.Should().BePositive();

        // Changes to loaded objects are saved by the next commit, as with SQLAlchemy.
        admin.Email = "root@example.com";
        await db.Session.CommitAsync();
        db.Session.Remove(await db.Query<User>().SingleAsync(u => u.Username == "guest"));
        await db.Session.CommitAsync();

        db.RemoveSession();
        (await db.Query<User>().Select(u => u.Email).ToListAsync()).Should().Equal("root@example.com");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rollback_discards_pending_changes(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = env.Db(env.App(env.NewUri("main")), typeof(User));
        db.CreateAll();

        db.Session.Add(new User { Username = "kept" });
        await db.Session.CommitAsync();
        db.Session.Add(new User { Username = "discarded" });
        db.Session.HasChanges.Should().BeTrue();
        await db.Session.RollbackAsync();
        db.Session.HasChanges.Should().BeFalse();
        await db.Session.CommitAsync();

        DataEnv.Count<User>(db).Should().Be(1);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_duplicate_unique_value_raises_IntegrityException_named_IntegrityError_and_the_session_recovers(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = env.Db(env.App(env.NewUri("main")), typeof(User));
        db.CreateAll();
        db.Session.Add(new User { Username = "ann" });
        await db.Session.CommitAsync();

        db.Session.Add(new User { Username = "ann" });
        var act = () => db.Session.CommitAsync();
        var error = (await act.Should().ThrowAsync<IntegrityException>()).Which;
        error.Name.Should().Be("IntegrityError");
        error.InnerException.Should().BeOfType<DbUpdateException>();
        if (kind == DbKind.Postgres)
        {
            error.ConstraintName.Should().Be("IX_user_Username");
        }

        db.Session.HasChanges.Should().BeFalse("the failed commit rolled the session back");
        db.Session.Add(new User { Username = "bob" });
        await db.Session.CommitAsync();
        DataEnv.Count<User>(db).Should().Be(2);
    }

    [Fact]
    public async Task In_memory_sqlite_is_shared_by_every_session_of_the_db()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        using var db = env.Db(env.App("sqlite://"), typeof(User));
        db.CreateAll();
        await using (var writer = db.CreateSession())
        {
            writer.Add(new User { Username = "mem" });
            await writer.CommitAsync();
        }
        var seen = await Task.Run(() => db.Query<User>().Select(u => u.Username).ToListAsync());
        seen.Should().Equal("mem");

        using var other = env.Db(env.App("sqlite://"), typeof(User));
        other.CreateAll();
        DataEnv.Count<User>(other).Should().Be(0, "another db's sqlite:// is another database");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sessions_follow_the_async_flow(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = env.Db(env.App(env.NewUri("main")), typeof(User));
        db.CreateAll();
        var mine = db.Session;
        db.Session.Should().BeSameAs(mine);
        // Child tasks inherit the flow's session; a flow that starts afresh gets its own.
        (await Task.Run(() => db.Session)).Should().BeSameAs(mine);
        ZaskSession? elsewhere = null;
        Thread thread;
        using (ExecutionContext.SuppressFlow())
        {
            thread = new Thread(() => elsewhere = db.Session);
            thread.Start();
        }
        thread.Join();
        elsewhere.Should().NotBeNull().And.NotBeSameAs(mine);
        db.RemoveSession();
        mine.IsDisposed.Should().BeTrue();
        db.Session.Should().NotBeSameAs(mine);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sessions_are_scoped_services(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"));
        using var db = env.Db(app, typeof(User));
        db.CreateAll();
        app.Build();

        ZaskSession first;
        using (var scope = app.ServiceProvider.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService<ZaskSession>();
            scope.ServiceProvider.GetRequiredService<ZaskSession>().Should().BeSameAs(first);
            scope.ServiceProvider.GetRequiredService<ZaskDb>().Should().BeSameAs(db);
            first.Add(new User { Username = "di" });
            await first.CommitAsync();
            first.Add(new User { Username = "never" });
        }
        first.IsDisposed.Should().BeTrue();
        using (var scope = app.ServiceProvider.CreateScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<ZaskSession>();
            second.Should().NotBeSameAs(first);
            (await second.Query<User>().Select(u => u.Username).ToListAsync()).Should().Equal("di");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Echo_logs_sql(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"), settings: new Dictionary<string, object?> { ["SQLALCHEMY_ECHO"] = true });
        var logger = new ListLogger();
        using var db = env.Db(app, new ZaskDbOptions { EchoLogger = logger }, typeof(User));
        db.CreateAll();
        await db.Query<User>().CountAsync();
        logger.Messages.Should().Contain(m => m.Contains("CREATE TABLE", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("SELECT COUNT(*)", StringComparison.OrdinalIgnoreCase));
    }
}
