using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Client;

/// <summary>Interfaces turned into calls by <see cref="ZeroRpcClient.As{T}"/>.</summary>
public class TypedClientTests
{
    public interface IShowcase
    {
        Task<string> HelloAsync(string name);

        ValueTask<long> Add(long a, long b);

        IAsyncEnumerable<long> Range(long n);

        Task Fail(string message);

        [ZeroRpcMethod("sleep")]
        Task<double> Nap(double seconds, CancellationToken cancellationToken);
    }

    [Fact]
    public async Task Interface_methods_call_the_server_by_their_snake_case_names()
    {
        await using var host = new ShowcaseHost();
        var showcase = host.Client.As<IShowcase>();
        (await showcase.HelloAsync("typed")).Should().Be("Hello, typed!");
        (await showcase.Add(40, 2)).Should().Be(42);
        var items = new List<long>();
        await foreach (var i in showcase.Range(4))
        {
            items.Add(i);
        }
        items.Should().Equal(0, 1, 2, 3);
        (await FluentActions.Awaiting(() => showcase.Fail("typed boom")).Should().ThrowAsync<RemoteException>())
            .Which.Name.Should().Be("ValueError");
        (await showcase.Nap(0.05, CancellationToken.None)).Should().Be(0.05);
    }

    [Fact]
    public async Task A_cancellation_token_parameter_abandons_the_call()
    {
        await using var host = new ShowcaseHost();
        var showcase = host.Client.As<IShowcase>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await FluentActions.Awaiting(() => showcase.Nap(5, cancel.Token)).Should().ThrowAsync<OperationCanceledException>();
    }
}
