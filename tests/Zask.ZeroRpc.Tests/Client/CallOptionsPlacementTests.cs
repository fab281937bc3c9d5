using System.Reflection;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>A timeout or cancellation can never be taken for an argument of the remote method.</summary>
public class CallOptionsPlacementTests
{
    private static readonly Type[] OptionTypes = [typeof(CallOptions), typeof(CancellationToken)];

    [Fact]
    public void Options_have_their_own_methods_and_no_params_method_also_takes_options()
    {
        var methods = typeof(ZeroRpcClient).GetMethods(BindingFlags.Public | BindingFlags.Instance);
        methods.Select(m => m.Name).Should().Contain(["CallWithOptionsAsync", "StreamWithOptionsAsync"]);

        // The ambiguous pair of old: CallAsync(method, params args) beside CallAsync(method, args, options).
        methods.Where(m => m.Name is "CallAsync" or "StreamAsync")
            .Where(m => m.GetParameters().Any(p => OptionTypes.Contains(p.ParameterType)))
            .Should().BeEmpty("CallAsync and StreamAsync take the method's arguments and nothing else");

        // Where options are taken, they come before the arguments, never after a params array.
        foreach (var method in methods.Where(m => m.Name.EndsWith("WithOptionsAsync", StringComparison.Ordinal)))
        {
            var parameters = method.GetParameters();
            parameters.Select(p => p.ParameterType).Should().Equal(typeof(string), typeof(CallOptions), typeof(object?[]));
            parameters[^1].IsDefined(typeof(ParamArrayAttribute)).Should().BeTrue();
        }
    }

    [Fact]
    public async Task A_token_or_options_among_the_arguments_is_refused_before_anything_is_sent()
    {
        await using var host = new ShowcaseHost();
        using var cts = new CancellationTokenSource();

        // What the compiler refuses (ZASK0001, OptionsAsCallArgumentAnalyzerTests) is refused at run time too, for
        // callers it does not see (reflection, dynamic, arrays filled at run time).
#pragma warning disable ZASK0001
        var token = await FluentActions.Awaiting(() => host.Client.CallAsync<object?>("echo", cts.Token))
            .Should().ThrowAsync<ArgumentException>();
        token.Which.Message.Should().Contain("argument 0 of the call to 'echo' is a CancellationToken").And.Contain("CallWithOptionsAsync");

        await FluentActions.Awaiting(() => host.Client.CallAsync<object?>("echo", new CallOptions(TimeSpan.FromSeconds(1))))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*argument 0 of the call to 'echo' is a CallOptions*");
        await FluentActions.Awaiting(() => host.Client.CallWithOptionsAsync<object?>("add", default, 1, cts.Token))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*argument 1 of the call to 'add'*");
        FluentActions.Invoking(() => host.Client.StreamAsync<int>("range", 3, cts.Token))
            .Should().Throw<ArgumentException>().WithMessage("*argument 1 of the call to 'range'*");
#pragma warning restore ZASK0001

        host.Server.InFlightCalls.Should().Be(0);
        (await host.Client.CallWithOptionsAsync<string>("echo", new CallOptions(TimeSpan.FromSeconds(10), cts.Token), "still fine"))
            .Should().Be("still fine", "the client keeps working and the options path sends only the real arguments");
        var items = new List<int>();
        await foreach (var i in host.Client.StreamWithOptionsAsync<int>("range", new CallOptions(CancellationToken: cts.Token), 3))
        {
            items.Add(i);
        }
        items.Should().Equal(0, 1, 2);
    }
}
