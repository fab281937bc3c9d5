namespace Zask.Data.Tests;

public class ModelTests
{
    [Theory]
    [InlineData("CategoryPost", "category_post")]
    [InlineData("User", "user")]
    [InlineData("HTTPServerLog", "http_server_log")]
    [InlineData("Version2Item", "version2_item")]
    [InlineData("ABC", "abc")]
    public void Table_names_are_snake_case_class_names(string name, string expected) =>
        TableNames.SnakeCase(name).Should().Be(expected);

    [Fact]
    public void Table_names_honour_the_table_attribute_and_a_static_table_name()
    {
        ZaskDb.GetTableName(typeof(CategoryPost)).Should().Be("category_post");
        ZaskDb.GetTableName(typeof(LegacyThing)).Should().Be("legacy_things");
        ZaskDb.GetTableName(typeof(RenamedThing)).Should().Be("things_renamed");
        ZaskDb.GetBindKey(typeof(AdminUser)).Should().Be("users");
        ZaskDb.GetBindKey(typeof(User)).Should().BeNull();
    }

    [Theory, SqliteData, PostgresData]
    public void Models_are_discovered_in_the_calling_assembly_and_tables_use_their_names(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var app = env.App(env.NewUri("main"));
        // No options: models come from this (the calling) assembly.
        using var db = new ZaskDb(app);
        db.Models.Should().Contain([typeof(User), typeof(Post), typeof(Category), typeof(AdminUser), typeof(LegacyThing)]);
        db.CreateAll();
        DataEnv.Tables(db).Should().Contain(["user", "post", "category", "category_post", "legacy_things", "things_renamed", "http_server_log"])
            .And.NotContain("admin_user", "AdminUser belongs to the users bind, which this app does not configure");
    }

    [Fact]
    public void Using_an_unconfigured_bind_is_a_clear_error()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        using var db = env.Db(env.App("sqlite://"), typeof(AdminUser));
        var query = () => db.Query<AdminUser>().ToList();
        query.Should().Throw<UnknownBindException>().Where(e => e.Bind == "users" && e.ConfigKey == "SQLALCHEMY_BINDS:users");
        var create = () => db.CreateAll(bind: "users");
        create.Should().Throw<UnknownBindException>();
        var view = () => db.Session.UsingBind("nope");
        view.Should().Throw<UnknownBindException>();
    }

    [Fact]
    public void Register_rejects_non_models()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        using var db = env.Db(env.App("sqlite://"));
        var act = () => db.Register(typeof(string));
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_db_without_app_can_be_bound_later()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        using var db = new ZaskDb(new ZaskDbOptions { ModelAssemblies = [] });
        var early = () => db.Query<User>();
        early.Should().Throw<InvalidOperationException>().WithMessage("*not bound to an app*");
        db.InitApp(env.App("sqlite://"));
        db.Register<User>();
        db.CreateAll();
        db.Query<User>().Count().Should().Be(0);
    }
}
