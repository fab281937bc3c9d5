namespace Zask.ZeroRpc.Tests.Patterns;

/// <summary>Request/reply between our client and our server over tcp loopback.</summary>
public class RequestReplyTests : ShowcaseTest
{
    [Fact]
    public async Task Hello_answers_with_a_greeting() =>
        (await Host.Client.CallAsync<string>("hello", "World")).Should().Be("Hello, World!");

    [Fact]
    public async Task Add_keeps_integers_integral_and_adds_floats()
    {
        (await Host.Client.CallAsync<object>("add", 2, 3)).Should().BeOfType<byte>().Which.Should().Be(5, "integers stay integers (5 travels as a fixint)");
        (await Host.Client.CallAsync<double>("add", 2, 3.5)).Should().Be(5.5);
    }

    [Fact]
    public async Task Echo_returns_any_value_unchanged()
    {
        var map = new Dictionary<string, object?> { ["a"] = new object?[] { 1L, null, true }, ["b"] = new byte[] { 0, 255 } };
        var echoed = await Host.Client.CallAsync<Dictionary<string, object?>>("echo", map);
        ((object?[])echoed["a"]!).Should().Equal(new object?[] { (byte)1, null, true });
        ((byte[])echoed["b"]!).Should().Equal(0, 255);
        (await Host.Client.CallAsync<ulong>("echo", ulong.MaxValue)).Should().Be(ulong.MaxValue);
        (await Host.Client.CallAsync<long>("echo", long.MinValue)).Should().Be(long.MinValue);
        (await Host.Client.CallAsync<string?>("echo", new object?[] { null })).Should().BeNull();
        (await Host.Client.CallAsync<string>("echo", new string('x', 70000))).Should().HaveLength(70000);
    }

    [Fact]
    public async Task Plain_objects_travel_as_maps_with_snake_case_keys()
    {
        var user = new UserRecord(7, "ada", "ada@example.org");
        var echoed = await Host.Client.CallAsync<Dictionary<string, object?>>("echo", user);
        echoed.Keys.Should().BeEquivalentTo("user_id", "user_name", "email");
        (await Host.Client.CallAsync<UserRecord>("echo", user)).Should().Be(user);
    }

    [Fact]
    public async Task A_raised_error_reaches_the_caller_with_its_name_message_and_traceback()
    {
        var error = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("fail", "boom"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("ValueError");
        error.Which.RemoteMessage.Should().Be("boom");
        error.Which.RemoteTraceback.Should().Be("ValueError: boom", "a server shows its stack only when asked to");
    }

    [Fact]
    public async Task An_unknown_method_gets_NameError_like_zerorpc_python()
    {
        var error = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("no_such_method"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("NameError");
        error.Which.RemoteMessage.Should().Be("no_such_method");
    }

    [Fact]
    public async Task Wrong_arguments_get_TypeError_naming_method_and_parameter_and_the_server_keeps_serving()
    {
        var tooMany = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("hello", "a", "b"))
            .Should().ThrowAsync<RemoteException>();
        tooMany.Which.Name.Should().Be("TypeError");
        tooMany.Which.RemoteMessage.Should().Contain("hello()").And.Contain("takes 1 argument but 2 were given");

        var missing = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("hello"))
            .Should().ThrowAsync<RemoteException>();
        missing.Which.RemoteMessage.Should().Contain("missing required argument 'name'");

        var wrongType = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("range", "ten"))
            .Should().ThrowAsync<RemoteException>();
        wrongType.Which.Name.Should().Be("TypeError");
        wrongType.Which.RemoteMessage.Should().Contain("range()").And.Contain("argument 'n'").And.Contain("not a str");

        (await Host.Client.CallAsync<string>("hello", "still here")).Should().Be("Hello, still here!");
    }

    [Fact]
    public async Task Optional_parameters_take_their_default()
    {
        var error = await FluentActions.Awaiting(() => Host.Client.CallAsync<object>("fail"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.RemoteMessage.Should().Be("boom");
    }

    [Fact]
    public async Task A_slow_call_does_not_delay_other_calls()
    {
        var slow = Host.Client.CallAsync<double>("sleep", 2.0);
        var quick = await Host.Client.CallAsync<string>("hello", "fast");
        quick.Should().Be("Hello, fast!");
        slow.IsCompleted.Should().BeFalse("hello must not wait behind sleep(2)");
        (await slow).Should().Be(2.0);
    }

    [Fact]
    public async Task Many_concurrent_calls_each_get_their_own_reply()
    {
        var calls = Enumerable.Range(0, 200).Select(i => Host.Client.CallAsync<string>("echo", $"payload-{i}")).ToArray();
        var replies = await Task.WhenAll(calls);
        replies.Should().Equal(Enumerable.Range(0, 200).Select(i => $"payload-{i}"));
        await Eventually.True(() => Host.Server.OpenChannels == 0, "every server channel closed");
    }

    [Fact]
    public async Task A_result_that_cannot_be_serialized_becomes_an_error_reply()
    {
        await using var host = new ShowcaseHost(service: new Unserializable());
        var error = await FluentActions.Awaiting(() => host.Client.CallAsync<object>("pointer"))
            .Should().ThrowAsync<RemoteException>();
        error.Which.RemoteMessage.Should().NotBeEmpty();
        (await host.Client.CallAsync<int>("fine")).Should().Be(1);
    }

    public sealed record UserRecord(int UserId, string UserName, string Email);

    public sealed class Unserializable
    {
        public Action Pointer() => () => { };

        public int Fine() => 1;
    }
}
