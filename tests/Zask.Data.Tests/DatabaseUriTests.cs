using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zask.Data.Tests;

public class DatabaseUriTests
{
    [Fact]
    public void Sqlite_without_path_is_a_named_shared_in_memory_database()
    {
        var uri = DatabaseUri.Parse("sqlite://", "/srv/app");
        uri.Provider.Should().Be(DatabaseProvider.Sqlite);
        uri.IsInMemory.Should().BeTrue();
        var builder = new SqliteConnectionStringBuilder(uri.ConnectionString);
        builder.Mode.Should().Be(SqliteOpenMode.Memory);
        builder.Cache.Should().Be(SqliteCacheMode.Shared);
        builder.DataSource.Should().StartWith("zask-");
        DatabaseUri.Parse("sqlite://", "/").ConnectionString.Should().NotBe(uri.ConnectionString, "each engine has its own memory database");
        DatabaseUri.Parse("sqlite:///:memory:", "/").IsInMemory.Should().BeTrue();
    }

    [Fact]
    public void Sqlite_paths_are_relative_to_the_root_or_absolute()
    {
        DatabaseUri.Parse("sqlite:///data/app.db", "/srv/app").FilePath.Should().Be("/srv/app/data/app.db");
        DatabaseUri.Parse("sqlite:////var/lib/app.db", "/srv/app").FilePath.Should().Be("/var/lib/app.db");
        new SqliteConnectionStringBuilder(DatabaseUri.Parse("sqlite:////var/lib/app.db?mode=ro", "/").ConnectionString).Mode
            .Should().Be(SqliteOpenMode.ReadOnly);
    }

    [Theory]
    [InlineData("postgresql://bob:s%40cret@db.example.com:6543/orders?sslmode=require&application_name=zask")]
    [InlineData("postgres://bob:s%40cret@db.example.com:6543/orders?sslmode=require&application_name=zask")]
    [InlineData("postgresql+psycopg2://bob:s%40cret@db.example.com:6543/orders?sslmode=require&application_name=zask")]
    public void Postgres_uris_map_to_an_npgsql_connection_string(string text)
    {
        var uri = DatabaseUri.Parse(text, "/");
        uri.Provider.Should().Be(DatabaseProvider.PostgreSql);
        var builder = new NpgsqlConnectionStringBuilder(uri.ConnectionString);
        builder.Host.Should().Be("db.example.com");
        builder.Port.Should().Be(6543);
        builder.Username.Should().Be("bob");
        builder.Password.Should().Be("s@cret");
        builder.Database.Should().Be("orders");
        builder.SslMode.Should().Be(SslMode.Require);
        builder.ApplicationName.Should().Be("zask");
        uri.DisplayUri.Should().NotContain("s%40cret").And.Contain("***");
    }

    [Fact]
    public void Postgres_defaults_host_and_port()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUri.Parse("postgresql://me@/mydb", "/").ConnectionString);
        builder.Host.Should().Be("localhost");
        builder.Port.Should().Be(5432);
        builder.Database.Should().Be("mydb");
    }

    [Theory]
    [InlineData("mysql://root@localhost/db", "unsupported database scheme 'mysql'")]
    [InlineData("oracle://x", "unsupported database scheme 'oracle'")]
    [InlineData("not a uri", "malformed database URI")]
    [InlineData("sqlite:relative.db", "malformed database URI")]
    [InlineData("sqlite://host/file.db", "SQLite URIs have no host")]
    [InlineData("sqlite:///x.db?bogus=1", "unsupported SQLite URI parameter 'bogus'")]
    [InlineData("postgresql://u:p@host:notaport/db", "malformed PostgreSQL URI")]
    [InlineData("postgresql://u:p@host/db?nonsense_option=1", "nonsense_option")]
    [InlineData("", "no database URI is set")]
    public void Bad_uris_are_rejected_naming_the_setting(string text, string expected)
    {
        var act = () => DatabaseUri.Parse(text, "/", "SQLALCHEMY_DATABASE_URI");
        act.Should().Throw<DatabaseConfigException>()
            .Where(e => e.ConfigKey == "SQLALCHEMY_DATABASE_URI" && e.Message.StartsWith("SQLALCHEMY_DATABASE_URI: ", StringComparison.Ordinal))
            .WithMessage($"*{expected}*");
    }

    [Fact]
    public void Passwords_never_appear_in_errors()
    {
        var act = () => DatabaseUri.Parse("postgresql://u:topsecret@host:bad/db", "/");
        act.Should().Throw<DatabaseConfigException>().Which.Message.Should().NotContain("topsecret");
    }

    [Fact]
    public void A_bad_bind_uri_names_the_bind()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("sqlite://", new Dictionary<string, object?> { ["users"] = "mysql://root@localhost/users" });
        var act = () => new ZaskDb(app);
        act.Should().Throw<DatabaseConfigException>().Where(e => e.ConfigKey == "SQLALCHEMY_BINDS:users")
            .WithMessage("SQLALCHEMY_BINDS:users: unsupported database scheme 'mysql'*");
    }

    [Fact]
    public void A_bad_default_uri_fails_at_startup()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("sqlserver://x");
        var act = () => new ZaskDb(app);
        act.Should().Throw<DatabaseConfigException>().Where(e => e.ConfigKey == "SQLALCHEMY_DATABASE_URI");
    }

    [Fact]
    public void Binds_may_be_objects_with_a_url_and_relative_sqlite_paths_use_the_app_root()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("sqlite:///main.db", new Dictionary<string, object?>
        {
            ["users"] = new Dictionary<string, object?> { ["url"] = "sqlite:///users.db" },
        });
        using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [] });
        db.DatabaseUri.FilePath.Should().Be(Path.Combine(env.Root, "main.db"));
        db.GetUri("users").FilePath.Should().Be(Path.Combine(env.Root, "users.db"));
        db.BindKeys.Should().Equal("users");
        app.Extensions[ZaskDb.ExtensionName].Should().BeSameAs(db);
    }

    [Fact]
    public void Two_apps_side_by_side_each_have_their_own_database_and_a_ZaskDb_stays_with_its_app()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var first = env.App("sqlite:///first.db");
        var second = env.App("sqlite:///second.db");
        using var firstDb = new ZaskDb(first, new ZaskDbOptions { ModelAssemblies = [] });
        using var secondDb = new ZaskDb(second, new ZaskDbOptions { ModelAssemblies = [] });

        firstDb.DatabaseUri.FilePath.Should().Be(Path.Combine(env.Root, "first.db"));
        secondDb.DatabaseUri.FilePath.Should().Be(Path.Combine(env.Root, "second.db"));
        first.Extensions[ZaskDb.ExtensionName].Should().BeSameAs(firstDb);
        second.Extensions[ZaskDb.ExtensionName].Should().BeSameAs(secondDb);
        FluentActions.Invoking(() => firstDb.InitApp(second)).Should().Throw<InvalidOperationException>()
            .WithMessage("*already bound to another app*");
    }

    [Fact]
    public void The_extension_declares_the_database_defaults_under_the_loaded_settings()
    {
        using var dir = new TempDir();
        using var app = new ZaskApp(new ZaskAppOptions { Name = "defaults", RootPath = dir.Path, EnvironmentPrefix = null });
        app.Config.ContainsKey("SQLALCHEMY_DATABASE_URI").Should().BeFalse("the app alone knows no database keys");
        app.Config["SQLALCHEMY_POOL_RECYCLE"] = 600L;

        using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [] });

        app.Config["SQLALCHEMY_DATABASE_URI"].Should().Be("sqlite://");
        app.Config["SQLALCHEMY_ECHO"].Should().Be(false);
        app.Config["SQLALCHEMY_BINDS"].Should().BeNull();
        app.Config["SQLALCHEMY_POOL_RECYCLE"].Should().Be(600L, "a loaded value beats the extension's default");
        db.DatabaseUri.IsInMemory.Should().BeTrue();
        db.ConfigDefaults.Keys.Should().BeEquivalentTo(
            "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_BINDS", "SQLALCHEMY_ECHO", "SQLALCHEMY_POOL_SIZE",
            "SQLALCHEMY_POOL_TIMEOUT", "SQLALCHEMY_POOL_RECYCLE", "SQLALCHEMY_MAX_OVERFLOW", "JOBS_FLEET_LEASE");
    }

    [Fact]
    public void Pool_settings_map_to_npgsql_options()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("postgresql://u@db/x", settings: new Dictionary<string, object?>
        {
            ["SQLALCHEMY_POOL_SIZE"] = 7L,
            ["SQLALCHEMY_MAX_OVERFLOW"] = 3L,
            ["SQLALCHEMY_POOL_TIMEOUT"] = 12L,
            ["SQLALCHEMY_POOL_RECYCLE"] = 600L,
        });
        using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [] });
        var builder = new NpgsqlConnectionStringBuilder(db.GetConnectionString(null));
        builder.MaxPoolSize.Should().Be(10);
        builder.Timeout.Should().Be(12);
        builder.ConnectionLifetime.Should().Be(600);
    }

    [Fact]
    public void Default_recycle_maps_to_connection_lifetime_and_pool_size_zero_disables_sqlite_pooling()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var pg = env.App("postgresql://u@db/x");
        using var pgDb = new ZaskDb(pg, new ZaskDbOptions { ModelAssemblies = [] });
        new NpgsqlConnectionStringBuilder(pgDb.GetConnectionString(null)).ConnectionLifetime.Should().Be(3600);

        var lite = env.App("sqlite:///x.db", settings: new Dictionary<string, object?> { ["SQLALCHEMY_POOL_SIZE"] = 0L });
        using var liteDb = new ZaskDb(lite, new ZaskDbOptions { ModelAssemblies = [] });
        new SqliteConnectionStringBuilder(liteDb.GetConnectionString(null)).Pooling.Should().BeFalse();
    }

    [Fact]
    public void Pool_settings_follow_the_config_rule_for_numbers()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("postgresql://u@db/x", settings: new Dictionary<string, object?>
        {
            ["SQLALCHEMY_POOL_TIMEOUT"] = "12",
            ["SQLALCHEMY_POOL_RECYCLE"] = 600.0,
        });
        using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [] });
        var builder = new NpgsqlConnectionStringBuilder(db.GetConnectionString(null));
        builder.Timeout.Should().Be(12, "a string holding a number reads as that number");
        builder.ConnectionLifetime.Should().Be(600);

        foreach (var bad in new object[] { true, 2.5, "thirty" })
        {
            var wrong = env.App("postgresql://u@db/x", settings: new Dictionary<string, object?> { ["SQLALCHEMY_POOL_SIZE"] = bad });
            var act = () => new ZaskDb(wrong, new ZaskDbOptions { ModelAssemblies = [] }).GetConnectionString(null);
            act.Should().Throw<DatabaseConfigException>().Where(e => e.ConfigKey == "SQLALCHEMY_POOL_SIZE")
                .WithMessage("*expected a whole number*");
        }
    }

    [Fact]
    public void Read_only_binds_must_be_configured_binds()
    {
        using var env = new DataEnv(DbKind.Sqlite);
        var app = env.App("sqlite://", settings: new Dictionary<string, object?> { ["SQLALCHEMY_READONLY_BINDS"] = new List<object?> { "replica" } });
        var act = () => new ZaskDb(app);
        act.Should().Throw<DatabaseConfigException>().Where(e => e.ConfigKey == "SQLALCHEMY_READONLY_BINDS");
    }
}
