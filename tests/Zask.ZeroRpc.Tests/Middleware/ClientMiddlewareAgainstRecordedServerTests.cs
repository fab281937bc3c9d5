using Zask.ZeroRpc.Tests.Conversations;

namespace Zask.ZeroRpc.Tests.Middleware;

/// <summary>
/// <c>client_after_request</c> gets the error a call ended with (zerorpc-python passes it after an ERR, including the
/// ERR that ends a stream), checked against the recorded Python server replies.
/// </summary>
public class ClientMiddlewareAgainstRecordedServerTests
{
    [Fact]
    public async Task After_request_sees_the_remote_error_of_a_call()
    {
        var recorder = new AfterRequestRecorder();

        var (_, error, _) = await Client.ClientAgainstRecordedServerTests.ReplayAsync("call-error",
            client => client.CallAsync<object?>("fail", "boom"), context: new ZeroRpcContext(recorder));

        error.Should().BeOfType<RemoteException>();
        recorder.Calls.Should().ContainSingle().Which.Exception.Should().BeSameAs(error);
    }

    [Fact]
    public async Task After_request_sees_the_remote_error_that_ends_a_stream()
    {
        var recorder = new AfterRequestRecorder();

        var (_, error, _) = await Client.ClientAgainstRecordedServerTests.ReplayAsync("stream-then-error", async client =>
        {
            await foreach (var _ in client.StreamAsync<long>("stream_fail", 2))
            {
            }
            return 0;
        }, context: new ZeroRpcContext(recorder));

        error.Should().BeOfType<RemoteException>().Which.Name.Should().Be("RuntimeError");
        recorder.Calls.Should().ContainSingle().Which.Exception.Should().BeSameAs(error, "the stream ended with that ERR");
    }
}
