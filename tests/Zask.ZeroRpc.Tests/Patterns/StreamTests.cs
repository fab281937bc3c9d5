namespace Zask.ZeroRpc.Tests.Patterns;

/// <summary>Streaming replies with flow control between our client and our server.</summary>
public class StreamTests : ShowcaseTest
{
    [Fact]
    public async Task A_long_stream_arrives_complete_and_in_order()
    {
        var items = new List<long>();
        await foreach (var item in Host.Client.StreamAsync<long>("range", 1000))
        {
            items.Add(item);
        }
        items.Should().Equal(Enumerable.Range(0, 1000).Select(i => (long)i));
    }

    [Fact]
    public async Task An_empty_stream_yields_nothing() =>
        (await ToListAsync(Host.Client.StreamAsync<long>("range", 0))).Should().BeEmpty();

    [Fact]
    public async Task An_error_mid_stream_comes_after_the_items_already_sent()
    {
        var items = new List<long>();
        var act = async () =>
        {
            await foreach (var item in Host.Client.StreamAsync<long>("stream_fail", 3))
            {
                items.Add(item);
            }
        };
        var error = await act.Should().ThrowAsync<RemoteException>();
        error.Which.Name.Should().Be("RuntimeError");
        error.Which.RemoteMessage.Should().Be("stream failed");
        items.Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task A_plain_call_to_a_stream_collects_the_items() =>
        (await Host.Client.CallAsync<long[]>("range", 5)).Should().Equal(0, 1, 2, 3, 4);

    [Fact]
    public async Task The_server_sends_no_more_than_the_client_granted()
    {
        // The request grants 1 item and the second read grants 100 more (zerorpc's window), so the server may produce
        // 101 items, and one more that waits for credit; without flow control it runs on towards 100,000.
        const int Granted = 101;
        var service = new CountingService();
        await using var host = new ShowcaseHost(service: service);
        await using var enumerator = host.Client.StreamAsync<long>("count", 100_000).GetAsyncEnumerator();
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        (await enumerator.MoveNextAsync()).Should().BeTrue();

        await Eventually.True(() => service.Produced >= Granted, "the server produces the items the client granted");
        service.Produced.Should().BeLessThanOrEqualTo(Granted + 1, "the stream waits for credit rather than running on");
        host.Server.InFlightCalls.Should().Be(1, "the stream waits for credit rather than finishing");
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Streams 0..n-1 and counts the items it has produced.</summary>
    public sealed class CountingService
    {
        private int _produced;

        /// <summary>How many items the stream has produced so far.</summary>
        public int Produced => Volatile.Read(ref _produced);

        /// <summary>Streams 0..n-1.</summary>
        public async IAsyncEnumerable<long> Count(long n)
        {
            for (long i = 0; i < n; i++)
            {
                Interlocked.Increment(ref _produced);
                yield return i;
            }
            await Task.CompletedTask;
        }
    }
}
