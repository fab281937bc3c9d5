namespace Zask.Data.Tests;

public class BindTests
{
    private static ZaskDb TwoDatabases(DataEnv env, out string mainUri, out string usersUri)
    {
        mainUri = env.NewUri("main");
        usersUri = env.NewUri("users");
        var app = env.App(mainUri, new Dictionary<string, object?> { ["users"] = usersUri });
        return env.Db(app, typeof(User), typeof(AdminUser));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Models_are_routed_to_their_bind(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = TwoDatabases(env, out _, out _);
        db.CreateAll();

        DataEnv.Tables(db).Should().Contain("user").And.NotContain("admin_user");
        DataEnv.Tables(db, "users").Should().Contain("admin_user").And.NotContain("user");

        // One session, two databases, one commit.
        db.Session.Add(new User { Username = "u1" });
        db.Session.Add(new AdminUser { Name = "root" });
        (await db.Session.CommitAsync()).Should().Be(2);

        DataEnv.Count<User>(db).Should().Be(1);
        DataEnv.Count<AdminUser>(db).Should().Be(1);
        (await db.Query<AdminUser>().SingleAsync()).Name.Should().Be("root");
        db.Session.GetContext(typeof(AdminUser)).Bind.Should().Be("users");
        db.Session.GetContext(typeof(User)).Bind.Should().BeNull();
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failing_bind_rolls_back_the_other_binds_of_the_commit(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = TwoDatabases(env, out _, out _);
        db.CreateAll();
        db.Session.Add(new User { Username = "taken" });
        await db.Session.CommitAsync();

        db.Session.Add(new AdminUser { Name = "would-be-written" });
        db.Session.Add(new User { Username = "taken" });
        var act = () => db.Session.CommitAsync();
        await act.Should().ThrowAsync<IntegrityException>();

        DataEnv.Count<AdminUser>(db).Should().Be(0);
        DataEnv.Count<User>(db).Should().Be(1);
    }

    [Theory, SqliteData, PostgresData]
    public void Create_and_drop_touch_only_the_selected_binds(DbKind kind)
    {
        using var env = new DataEnv(kind);
        using var db = TwoDatabases(env, out _, out _);

        db.CreateAll(bind: "users");
        DataEnv.Tables(db, "users").Should().Contain("admin_user");
        DataEnv.Tables(db).Should().NotContain("user");

        db.CreateAll(bind: null);
        DataEnv.Tables(db).Should().Contain("user");
        db.CreateAll(); // existing tables are left alone

        db.DropAll(bind: null);
        DataEnv.Tables(db).Should().NotContain("user");
        DataEnv.Tables(db, "users").Should().Contain("admin_user");

        db.CreateAll(binds: [null, "users"]);
        db.DropAll(binds: ["users"]);
        DataEnv.Tables(db).Should().Contain("user");
        DataEnv.Tables(db, "users").Should().NotContain("admin_user");

        db.DropAll();
        DataEnv.Tables(db).Should().NotContain("user");

        var unknown = () => db.CreateAll(binds: [null, "nope"]);
        unknown.Should().Throw<UnknownBindException>().WithMessage("*'nope' is not configured*'users'*");
        DataEnv.Tables(db).Should().NotContain("user", "an unknown key fails before anything is created");
        var unknownDrop = () => db.DropAll(bind: "nope");
        unknownDrop.Should().Throw<UnknownBindException>();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Binds_sharing_one_database_drop_only_their_own_tables(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var shared = env.NewUri("shared");
        var app = env.App(shared, new Dictionary<string, object?> { ["users"] = shared, ["audit"] = shared });
        using var db = env.Db(app, typeof(User), typeof(AdminUser), typeof(AuditEntry), typeof(Category), typeof(Post));
        db.CreateAll();
        DataEnv.Tables(db).Should().Contain(["user", "admin_user", "audit_entry", "category", "post"]);

        db.Session.Add(new AuditEntry { Action = "login" });
        await db.Session.CommitAsync();

        db.DropAll(bind: "users");
        DataEnv.Tables(db).Should().Contain(["user", "audit_entry", "category", "post"]).And.NotContain("admin_user");
        DataEnv.Count<AuditEntry>(db).Should().Be(1);

        db.DropAll(bind: null);
        DataEnv.Tables(db).Should().Contain("audit_entry").And.NotContain(["user", "category", "post"]);
    }
}
