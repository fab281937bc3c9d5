namespace Zask.ZeroRpc.Tests.Client;

/// <summary>What a client middleware learns about a call's answer, against a real showcase server.</summary>
public class ClientCallContextTests
{
    /// <summary>Keeps the context of every call that ended.</summary>
    private sealed class Ended : IZeroRpcMiddleware
    {
        public List<ClientCallContext> Calls { get; } = [];

        public void ClientAfterRequest(ClientCallContext call, Exception? exception) => Calls.Add(call);
    }

    [Fact]
    public async Task The_first_reply_is_told_apart_and_a_result_reads_as_the_one_value_it_is()
    {
        await using var host = new ShowcaseHost();
        var ended = new Ended();
        host.Client.Context.RegisterMiddleware(ended);

        (await host.Client.CallAsync<long>("add", 1, 2)).Should().Be(3);
        var spread = new List<long>();
        await foreach (var item in host.Client.StreamAsync<long>("echo", new long[] { 4, 5, 6 }))
        {
            spread.Add(item);
        }
        var streamed = new List<long>();
        await foreach (var item in host.Client.StreamAsync<long>("range", 2))
        {
            streamed.Add(item);
        }
        await FluentActions.Awaiting(() => host.Client.CallAsync<object?>("fail", "no")).Should().ThrowAsync<RemoteException>();

        ended.Calls.Select(c => c.ReplyKind).Should().Equal(CallReplyKind.Result, CallReplyKind.Result, CallReplyKind.Stream, CallReplyKind.Error);
        ended.Calls[0].ReadResult<long>().Should().Be(3);
        spread.Should().Equal(4, 5, 6);
        ended.Calls[1].ReadResult<long[]>().Should().Equal([4, 5, 6], "the list result is one value, whatever the stream reader made of it");
        streamed.Should().Equal(0, 1);
        ended.Calls[2].Invoking(c => c.ReadResult<object?>()).Should().Throw<InvalidOperationException>()
            .WithMessage("*range*Stream*");
        ended.Calls[3].Invoking(c => c.ReadResult<object?>()).Should().Throw<InvalidOperationException>()
            .WithMessage("*fail*Error*");
    }
}
