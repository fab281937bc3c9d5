namespace Zask.ZeroRpc.Tests.Client;

/// <summary>
/// A caller resumes on the thread that read its reply, once that connection's next read is under way: code that
/// blocks there, waiting synchronously for another call on the same connection, must still get that call's reply.
/// </summary>
public class BlockingCallerTests
{
    // Far longer than any call here may take: a caller still blocked then never would have been answered.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(60);

    public sealed class EchoService
    {
        public string Echo(string text) => text;
    }

    [Fact]
    public async Task A_caller_that_blocks_on_a_second_call_after_its_await_gets_both_replies()
    {
        await using var server = new ZeroRpcServer(new EchoService());
        var endpoint = server.Bind(FreePort.Endpoint());
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Connect(endpoint);

        var answers = await Task.Run(async () =>
        {
            var seen = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                seen.Add(await client.CallAsync<string>("echo", $"first {i}"));
                // Synchronously, on the thread that resumed this caller: what sync-over-async code does.
                seen.Add(client.CallAsync<string>("echo", $"second {i}").GetAwaiter().GetResult());
            }
            return seen;
        }).WaitAsync(Hung);

        answers.Should().Equal(Enumerable.Range(0, 50).SelectMany(i => new[] { $"first {i}", $"second {i}" }));
    }
}
