using System.ComponentModel.DataAnnotations;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>DataAnnotations rules on parameters and on complex parameters' properties, checked before the method runs.</summary>
public class ValidationTests
{
    public sealed class Signup
    {
        [Required]
        [StringLength(20, MinimumLength = 3)]
        public string? DisplayName { get; set; }

        [EmailAddress]
        public string? Email { get; set; }
    }

    /// <summary>Only even numbers, to show a rule of the application's own.</summary>
    public sealed class EvenAttribute : ValidationAttribute
    {
        public override bool IsValid(object? value) => value is int number && number % 2 == 0;

        public override string FormatErrorMessage(string name) => $"{name} must be even";
    }

    public sealed class RulesService
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public int Create([Required, StringLength(20, MinimumLength = 3)] string username, [EmailAddress] string email,
            [Range(13, 130)] int age, [RegularExpression("^[a-z]+$")] string tag = "x", [Even] int pairs = 2)
        {
            Interlocked.Increment(ref _runs);
            return age;
        }

        public string Join(Signup signup)
        {
            Interlocked.Increment(ref _runs);
            return signup.DisplayName!;
        }

        public int Plain(int value) => value;
    }

    [Fact]
    public async Task Valid_arguments_reach_the_method()
    {
        await using var served = new Served();
        (await served.Client.CallAsync<int>("create", "alice", "alice@example.com", 30, "abc", 4)).Should().Be(30);
        (await served.Client.CallAsync<string>("join", new Dictionary<string, object?> { ["display_name"] = "bob", ["email"] = "b@example.com" }))
            .Should().Be("bob");
        served.Service.Runs.Should().Be(2);
    }

    [Fact]
    public async Task Every_failing_field_is_named_with_its_rule_one_line_each_and_the_method_does_not_run()
    {
        await using var served = new Served();
        var error = (await FluentActions.Awaiting(() => served.Client.CallAsync<int>("create", "al", "not-an-email", 7, "ABC", 3))
            .Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("ValidationError");
        var lines = error.RemoteMessage.Split('\n');
        lines[0].Should().Be("create() got invalid arguments:");
        lines.Skip(1).Should().HaveCount(5);
        lines.Should().Contain(l => l.StartsWith("username: StringLength(3, 20): ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("email: EmailAddress: ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("age: Range(13, 130): ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("tag: RegularExpression(^[a-z]+$): ", StringComparison.Ordinal));
        lines.Should().Contain("pairs: Even: pairs must be even");
        served.Service.Runs.Should().Be(0);
        // The server keeps serving.
        (await served.Client.CallAsync<int>("plain", 5)).Should().Be(5);
    }

    [Fact]
    public async Task Properties_of_a_complex_parameter_are_validated_under_their_wire_names()
    {
        await using var served = new Served();
        var error = (await FluentActions.Awaiting(() => served.Client.CallAsync<string>("join",
                new Dictionary<string, object?> { ["display_name"] = null, ["email"] = "nope" }))
            .Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("ValidationError");
        var lines = error.RemoteMessage.Split('\n');
        lines.Should().HaveCount(3);
        lines.Should().Contain(l => l.StartsWith("signup.display_name: Required: ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("signup.email: EmailAddress: ", StringComparison.Ordinal));
        served.Service.Runs.Should().Be(0);
    }

    [Fact]
    public async Task Introspection_lists_the_rules_of_each_argument()
    {
        await using var served = new Served();
        var inspect = await served.Client.CallAsync<Dictionary<string, object?>>("_zerorpc_inspect");
        var methods = (Dictionary<object, object?>)inspect["methods"]!;
        var create = ((object?[])((Dictionary<object, object?>)methods["create"]!)["args"]!).Cast<Dictionary<object, object?>>().ToArray();
        ((object?[])create[0]["rules"]!).Should().Equal("Required", "StringLength(3, 20)");
        ((object?[])create[2]["rules"]!).Should().Equal("Range(13, 130)");
        var join = ((object?[])((Dictionary<object, object?>)methods["join"]!)["args"]!).Cast<Dictionary<object, object?>>().Single();
        ((object?[])join["rules"]!).Should().Equal("display_name: Required", "display_name: StringLength(3, 20)", "email: EmailAddress");
        var plain = ((object?[])((Dictionary<object, object?>)methods["plain"]!)["args"]!).Cast<Dictionary<object, object?>>().Single();
        plain.Should().NotContainKey("rules");
    }

    private sealed class Served : IAsyncDisposable
    {
        public Served()
        {
            Server = new ZeroRpcServer(Service);
            var endpoint = Server.Bind(FreePort.Endpoint());
            Client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
            Client.Connect(endpoint);
        }

        public RulesService Service { get; } = new();

        public ZeroRpcServer Server { get; }

        public ZeroRpcClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
        }
    }
}
