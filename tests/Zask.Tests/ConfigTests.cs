using System.Text.Json;

namespace Zask.Tests;

public sealed class ConfigTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Config NewConfig(string? prefix = null) => new(_dir.Path, prefix);

    [Fact]
    public void Defaults_match_the_original_table()
    {
        var config = NewConfig();

        config["DEBUG"].Should().Be(true);
        config["ERROR_LOG"].Should().Be("/tmp/zask.error.log");
        config["ZERORPC_ACCESS_LOG"].Should().Be("/tmp/zask.access.log");
        config.GetDouble("SHUTDOWN_GRACE_PERIOD").Should().Be(30);
        config.Count.Should().Be(4, "extensions declare their own keys' defaults");
        config.ContainsKey("SQLALCHEMY_DATABASE_URI").Should().BeFalse();
    }

    [Fact]
    public void Declared_defaults_are_the_lowest_layer_and_the_first_declaration_wins()
    {
        var config = NewConfig();
        config.FromMapping(new Dictionary<string, object?> { ["EXT_TIMEOUT"] = 5L });

        config.SetDefaults(new Dictionary<string, object?> { ["EXT_TIMEOUT"] = 30L, ["EXT_NAME"] = "ext", ["DEBUG"] = false });
        config.SetDefaults(new Dictionary<string, object?> { ["EXT_NAME"] = "other" });

        config["EXT_TIMEOUT"].Should().Be(5L, "a loaded value beats a default declared later");
        config["EXT_NAME"].Should().Be("ext");
        config["DEBUG"].Should().Be(true, "a built-in default is not replaced by an extension's");
        config.Remove("EXT_TIMEOUT");
        config.ContainsKey("EXT_TIMEOUT").Should().BeFalse();
    }

    private sealed class Settings
    {
        public static string STATIC_VALUE = "static";
        public static string lower_static = "ignored";
        public string DEBUG { get; set; } = "from-object";
        public int PORT = 4242;
        public string MixedCase { get; } = "ignored";
        public string lowercase = "ignored";
        public string SECRET_KEY_2 => "computed";
        private string PRIVATE_VALUE { get; } = "ignored";
        public string Helper() => PRIVATE_VALUE;
    }

    private static class StaticSettings
    {
        public const string API_URL = "tcp://api";
        public static int TIMEOUT { get; } = 5;
        public static int other { get; } = 1;
    }

    [Fact]
    public void FromObject_loads_only_public_uppercase_members()
    {
        var config = NewConfig();
        var before = config.Keys.ToHashSet();

        config.FromObject(new Settings());

        config["DEBUG"].Should().Be("from-object");
        config["PORT"].Should().Be(4242);
        config["STATIC_VALUE"].Should().Be("static");
        config["SECRET_KEY_2"].Should().Be("computed");
        config.Keys.Except(before).Should().BeEquivalentTo("PORT", "STATIC_VALUE", "SECRET_KEY_2");
    }

    [Fact]
    public void FromObject_with_a_type_loads_static_uppercase_members()
    {
        var config = NewConfig();

        config.FromObject(typeof(StaticSettings));

        config["API_URL"].Should().Be("tcp://api");
        config.GetInt("TIMEOUT").Should().Be(5);
        config.ContainsKey("other").Should().BeFalse();
    }

    [Fact]
    public void FromMapping_ignores_non_uppercase_keys()
    {
        var config = NewConfig();

        config.FromMapping(new Dictionary<string, object?> { ["NAME"] = "x", ["name"] = "y" });

        config["NAME"].Should().Be("x");
        config.ContainsKey("name").Should().BeFalse();
    }

    [Fact]
    public void Layers_apply_in_order_each_beating_the_previous_one()
    {
        var prefix = Apps.UniquePrefix();
        var envFileVar = prefix + "CONFIG_PATH";
        _dir.File("settings.json", """{ "B": "file", "C": "file", "D": "file", "E": "file" }""");
        var second = _dir.File("second.json", """{ "C": "envvar-file", "D": "envvar-file", "E": "envvar-file" }""");
        using var env = new EnvScope().Set(envFileVar, second).Set(prefix + "D", "env");
        var config = NewConfig(prefix);
        config.FromMapping(new Dictionary<string, object?> { ["A"] = "object", ["B"] = "object", ["C"] = "object", ["D"] = "object", ["E"] = "object" });

        config.FromFile("settings.json").Should().BeTrue();
        config.FromEnvVar(envFileVar).Should().BeTrue();

        config["A"].Should().Be("object");
        config["B"].Should().Be("file");
        config["C"].Should().Be("envvar-file");
        config["D"].Should().Be("env");
        config["E"].Should().Be("envvar-file");
        config["DEBUG"].Should().Be(true, "untouched defaults stay");
    }

    [Fact]
    public void Environment_overrides_win_over_files_loaded_later_and_over_assignments()
    {
        var prefix = Apps.UniquePrefix();
        _dir.File("late.json", """{ "DEBUG": true, "NAME": "file" }""");
        using var env = new EnvScope().Set(prefix + "DEBUG", "false");
        var config = NewConfig(prefix);
        config.GetBool("DEBUG").Should().BeFalse();

        config.FromFile("late.json");
        config["DEBUG"] = true;

        config.GetBool("DEBUG").Should().BeFalse();
        config["NAME"].Should().Be("file");
    }

    [Fact]
    public void Environment_values_are_parsed_as_json_when_they_parse()
    {
        var prefix = Apps.UniquePrefix();
        using var env = new EnvScope()
            .Set(prefix + "FLAG", "true")
            .Set(prefix + "COUNT", "42")
            .Set(prefix + "RATIO", "0.5")
            .Set(prefix + "LIST", """["a","b"]""")
            .Set(prefix + "OBJ", """{"x":1}""")
            .Set(prefix + "TEXT", "tcp://0.0.0.0:5000")
            .Set(prefix + "QUOTED", "\"42\"");
        var config = NewConfig(prefix);

        config["FLAG"].Should().Be(true);
        config["COUNT"].Should().Be(42L);
        config["RATIO"].Should().Be(0.5);
        config.Get<string[]>("LIST").Should().Equal("a", "b");
        config.Get<Dictionary<string, int>>("OBJ").Should().ContainKey("x").WhoseValue.Should().Be(1);
        config["TEXT"].Should().Be("tcp://0.0.0.0:5000");
        config["QUOTED"].Should().Be("42");
    }

    [Fact]
    public void ReloadEnvironment_picks_up_variables_set_later()
    {
        var prefix = Apps.UniquePrefix();
        var config = NewConfig(prefix);
        using var env = new EnvScope().Set(prefix + "LATE", "1");

        config.ContainsKey("LATE").Should().BeFalse();
        config.ReloadEnvironment();

        config["LATE"].Should().Be(1L);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_root_path()
    {
        _dir.File("conf/app.json", """{ "WHERE": "root" }""");
        var config = NewConfig();

        config.FromFile(Path.Combine("conf", "app.json")).Should().BeTrue();

        config["WHERE"].Should().Be("root");
        config.RootPath.Should().Be(_dir.Path);
    }

    [Fact]
    public void Absolute_paths_are_used_as_they_are()
    {
        using var other = new TempDir();
        var file = other.File("abs.json", """{ "WHERE": "abs" }""");

        var config = NewConfig();
        config.FromFile(file);

        config["WHERE"].Should().Be("abs");
    }

    [Fact]
    public void Optional_missing_file_and_unset_variable_return_false_and_change_nothing()
    {
        var config = NewConfig();
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        config.FromFile("missing.json", optional: true).Should().BeFalse();
        config.FromEnvVar(Apps.UniquePrefix() + "UNSET", optional: true).Should().BeFalse();
        var pointsNowhere = Apps.UniquePrefix() + "PATH";
        using var env = new EnvScope().Set(pointsNowhere, _dir.Combine("nope.json"));
        config.FromEnvVar(pointsNowhere, optional: true).Should().BeFalse();

        config.Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Missing_file_error_names_the_full_path_and_changes_nothing()
    {
        var config = NewConfig();
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var act = () => config.FromFile("nope/settings.json");

        var expected = Path.Combine(_dir.Path, "nope", "settings.json");
        act.Should().Throw<ConfigFileNotFoundException>()
            .Where(e => e.FilePath == expected && e.Message.Contains(expected));
        config.Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Malformed_json_error_names_file_line_and_column_and_changes_nothing()
    {
        var file = _dir.File("bad.json", "{\n  \"DEBUG\": false,\n  \"B\": ,\n  \"C\": 1\n}");
        var config = NewConfig();
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var act = () => config.FromFile("bad.json");

        var error = act.Should().Throw<ConfigParseException>().Which;
        error.FilePath.Should().Be(file);
        error.LineNumber.Should().Be(3);
        error.Column.Should().Be(8);
        error.Message.Should().Contain(file).And.Contain("line 3").And.Contain("column 8");
        error.InnerException.Should().BeAssignableTo<JsonException>();
        config.Should().BeEquivalentTo(before);
        config.GetBool("DEBUG").Should().BeTrue("the valid part of a broken file must not be applied");
    }

    [Theory]
    [InlineData("[1, 2]", "Array")]
    [InlineData("\"text\"", "String")]
    [InlineData("42", "Number")]
    public void Non_object_root_is_rejected_and_changes_nothing(string json, string kind)
    {
        var file = _dir.File("root.json", json);
        var config = NewConfig();
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var act = () => config.FromFile(file);

        act.Should().Throw<ConfigParseException>()
            .Where(e => e.FilePath == file && e.Message.Contains(file) && e.Message.Contains(kind) && e.LineNumber == null);
        config.Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Unset_variable_error_names_the_variable_and_changes_nothing()
    {
        var name = Apps.UniquePrefix() + "CONFIG";
        var config = NewConfig();
        var before = config.ToDictionary(p => p.Key, p => p.Value);

        var act = () => config.FromEnvVar(name);

        act.Should().Throw<ConfigEnvironmentVariableNotSetException>()
            .Where(e => e.VariableName == name && e.Message.Contains(name));
        config.Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Variable_naming_a_missing_file_reports_the_file()
    {
        var name = Apps.UniquePrefix() + "CONFIG";
        using var env = new EnvScope().Set(name, "gone.json");
        var config = NewConfig();

        var act = () => config.FromEnvVar(name);

        act.Should().Throw<ConfigFileNotFoundException>().Where(e => e.FilePath == _dir.Combine("gone.json"));
    }

    [Fact]
    public void Wrong_type_on_typed_read_names_key_expected_type_and_value()
    {
        var config = NewConfig();
        config["DEBUG"] = "yes";
        config["PORT"] = 4.5;

        var asBool = () => config.GetBool("DEBUG");
        var asInt = () => config.GetInt("PORT");
        var asNumber = () => config.GetInt("ERROR_LOG");

        asBool.Should().Throw<ConfigTypeException>()
            .Where(e => e.Key == "DEBUG" && e.ExpectedType == typeof(bool) && Equals(e.ActualValue, "yes"))
            .WithMessage("*'DEBUG'*Boolean*\"yes\"*String*");
        asInt.Should().Throw<ConfigTypeException>().WithMessage("*'PORT'*Int32*4.5*");
        asNumber.Should().Throw<ConfigTypeException>().WithMessage("*ERROR_LOG*Int32*/tmp/zask.error.log*");
    }

    [Fact]
    public void Null_value_read_as_non_nullable_is_a_type_error_but_nullable_is_fine()
    {
        var config = NewConfig();
        config.SetDefaults(new Dictionary<string, object?> { ["SQLALCHEMY_POOL_SIZE"] = null });

        config.Get<int?>("SQLALCHEMY_POOL_SIZE").Should().BeNull();
        config.GetValueOrDefault("SQLALCHEMY_POOL_SIZE", 5).Should().Be(5);
        var act = () => config.GetInt("SQLALCHEMY_POOL_SIZE");
        act.Should().Throw<ConfigTypeException>().WithMessage("*SQLALCHEMY_POOL_SIZE*Int32*null*");
    }

    [Fact]
    public void Missing_key_on_typed_read_is_a_config_error_and_defaults_apply()
    {
        var config = NewConfig();

        var act = () => config.Get<string>("NOPE");

        act.Should().Throw<ConfigKeyNotFoundException>().Where(e => e.Key == "NOPE");
        config.GetValueOrDefault("NOPE", "fallback").Should().Be("fallback");
        var indexer = () => config["NOPE"];
        indexer.Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void GetValueOrDefault_still_reports_wrong_types()
    {
        var config = NewConfig();

        var act = () => config.GetValueOrDefault("ERROR_LOG", 1);

        act.Should().Throw<ConfigTypeException>();
    }

    [Fact]
    public void GetNamespace_works_like_flask()
    {
        var config = NewConfig();
        config.FromMapping(new Dictionary<string, object?>
        {
            ["IMAGE_STORE_TYPE"] = "fs",
            ["IMAGE_STORE_PATH"] = "/var/app/images",
            ["IMAGE_STORE_BASE_URL"] = "http://img.website.com",
            ["IMAGE_STOREX"] = "no-underscore",
        });

        config.GetNamespace("IMAGE_STORE_").Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["type"] = "fs",
            ["path"] = "/var/app/images",
            ["base_url"] = "http://img.website.com",
        });
        config.GetNamespace("IMAGE_STORE_", lowercase: false).Keys.Should().BeEquivalentTo("TYPE", "PATH", "BASE_URL");
        config.GetNamespace("IMAGE_STORE_", trimNamespace: false).Keys
            .Should().BeEquivalentTo("image_store_type", "image_store_path", "image_store_base_url");
    }

    private const string ServiceJson = """
        {
          "ZERORPC_SOME_SERVICE": {
            "1.0": "tcp://10.0.0.1:5000",
            "2.0": ["tcp://10.0.0.2:5000", "tcp://10.0.0.3:5000"],
            "default": "2.0",
            "access_key": "foo_client_key",
            "client_keys": ["foo_client_key", "bar_client_key"]
          },
          "SQLALCHEMY_BINDS": { "users": "sqlite:///users.db" },
          "SQLALCHEMY_POOL_SIZE": 10,
          "RATIO": 0.25,
          "NOTHING": null
        }
        """;

    private sealed class ServiceSettings
    {
        public string? Default { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("access_key")]
        public string? AccessKey { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("client_keys")]
        public List<string>? ClientKeys { get; set; }
    }

    [Fact]
    public void Nested_json_is_kept_structured_and_read_as_typed()
    {
        _dir.File("service.json", ServiceJson);
        var config = NewConfig();
        config.FromFile("service.json");

        var service = config["ZERORPC_SOME_SERVICE"].Should().BeAssignableTo<IReadOnlyDictionary<string, object?>>().Subject;
        service["1.0"].Should().Be("tcp://10.0.0.1:5000");
        service["2.0"].Should().BeAssignableTo<IReadOnlyList<object?>>().Which.Should().Equal("tcp://10.0.0.2:5000", "tcp://10.0.0.3:5000");
        config["SQLALCHEMY_POOL_SIZE"].Should().Be(10L);
        config["RATIO"].Should().Be(0.25);
        config["NOTHING"].Should().BeNull();

        config.Get<Dictionary<string, string>>("SQLALCHEMY_BINDS").Should().Equal(new Dictionary<string, string> { ["users"] = "sqlite:///users.db" });
        config.Get<Dictionary<string, JsonElement>>("ZERORPC_SOME_SERVICE")["2.0"].GetArrayLength().Should().Be(2);
        var typed = config.Get<ServiceSettings>("ZERORPC_SOME_SERVICE");
        typed.Default.Should().Be("2.0");
        typed.AccessKey.Should().Be("foo_client_key");
        typed.ClientKeys.Should().Equal("foo_client_key", "bar_client_key");
        config.Get<IReadOnlyDictionary<string, object?>>("ZERORPC_SOME_SERVICE").Should().BeSameAs(service);

        var keys = ((IReadOnlyDictionary<string, object?>)config["ZERORPC_SOME_SERVICE"]!)["client_keys"];
        config["KEYS"] = keys;
        config.Get<string[]>("KEYS").Should().Equal("foo_client_key", "bar_client_key");
        config.Get<List<string>>("KEYS").Should().Equal("foo_client_key", "bar_client_key");
        config.GetInt("SQLALCHEMY_POOL_SIZE").Should().Be(10);

        var wrong = () => config.Get<Dictionary<string, string>>("ZERORPC_SOME_SERVICE");
        wrong.Should().Throw<ConfigTypeException>().WithMessage("*ZERORPC_SOME_SERVICE*Dictionary<String, String>*");
    }

    [Fact]
    public void Structured_values_cannot_be_mutated_by_readers()
    {
        _dir.File("service.json", ServiceJson);
        var config = NewConfig();
        config.FromFile("service.json");

        var binds = (IDictionary<string, object?>)config["SQLALCHEMY_BINDS"]!;
        var act = () => binds["users"] = "changed";

        act.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Json_files_may_contain_comments_and_trailing_commas()
    {
        _dir.File("lenient.json", "{\n // a comment\n \"A\": 1,\n}");
        var config = NewConfig();

        config.FromFile("lenient.json");

        config["A"].Should().Be(1L);
    }

    [Fact]
    public void Dictionary_operations_behave()
    {
        var config = NewConfig();

        config.Add("NEW", 1);
        var duplicate = () => config.Add("NEW", 2);
        duplicate.Should().Throw<ArgumentException>();
        config.Remove("NEW").Should().BeTrue();
        config.ContainsKey("NEW").Should().BeFalse();
        config.TryGetValue("DEBUG", out var debug).Should().BeTrue();
        debug.Should().Be(true);
    }

    [Fact]
    public void Changed_is_raised_on_loads_and_assignments()
    {
        var config = NewConfig();
        var count = 0;
        config.Changed += (_, _) => count++;

        config["A"] = 1;
        config.FromMapping(new Dictionary<string, object?> { ["B"] = 2 });

        count.Should().Be(2);
    }
}
