using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Client;

/// <summary>
/// The part of a call that waits and tries again: for a connection within the timeout, on another endpoint when a
/// send found none or a stopping server refused the call, and the translation of what ended a first wait.
/// </summary>
public sealed partial class ZeroRpcClient
{
    /// <summary>
    /// Sends the request to a connected endpoint and waits for the first reply, waiting for a connection and
    /// retrying a send that found none, within the timeout.
    /// </summary>
    private async ValueTask<(ClientChannel, Event)> SendAsync(ClientCallContext call, IReadOnlyDictionary<string, object?>? header,
        long deadline, CallOptions options)
    {
        var pause = 2;
        while (true)
        {
            var connection = PickConnection();
            if (connection is null)
            {
                // No endpoint is connected yet (just connected, or every server is down): wait, within the timeout.
                if (_clock.NowMs >= deadline)
                {
                    var error = Unreachable(call);
                    AfterRequest(call, error);
                    throw error;
                }
                // A poll for a connection on the real clock (the deadline above is on the client's): with a test's
                // fake clock, calls keep waiting for a server until the test moves time past their deadline.
                await Task.Delay(pause, options.CancellationToken).ConfigureAwait(false);
                pause = Math.Min(pause * 2, 50);
                continue;
            }
            ClientChannel? channel = null;
            try
            {
                channel = Open(call, header, connection);
                var first = await channel.ReadFirstAsync(deadline, options.CancellationToken).ConfigureAwait(false);
                if (RefusedWhileStopping(first, connection, deadline))
                {
                    channel.Close();
                    continue;
                }
                connection.ReportSuccess();
                call.Reply = first;
                return (channel, first);
            }
            catch (EndpointUnavailableException) when (_clock.NowMs < deadline)
            {
                // The connection dropped between the check and the send. Nothing was sent, so trying again
                // (elsewhere, or once it is back) cannot run the call twice.
                channel?.Close();
            }
            catch (Exception ex)
            {
                var error = Failed(call, channel, connection, ex);
                if (ReferenceEquals(error, ex))
                {
                    throw;
                }
                throw error;
            }
        }
    }

    /// <summary>
    /// <c>true</c> when a server that is shutting down refused the call (so it never ran) and another endpoint can
    /// take it: the stopping one leaves the rotation and the call goes elsewhere, so a rolling restart loses nothing.
    /// </summary>
    private bool RefusedWhileStopping(Event first, ClientConnection connection, long deadline)
    {
        if (!ReferenceEquals(first.Name, EventNames.Error) || _clock.NowMs >= deadline
            || ReplyDecoder.ReadError(first).Name != RemoteErrorNames.ShuttingDown)
        {
            return false;
        }
        connection.ReportFailure();
        return _endpoints.AnyOtherAvailable(connection);
    }

    /// <summary>Ends a call whose first reply did not come, and returns the exception to throw.</summary>
    private Exception Failed(ClientCallContext call, ClientChannel? channel, ClientConnection connection, Exception ex)
    {
        if (ex is TimeoutException or LostRemoteException)
        {
            connection.ReportFailure();
        }
        var error = ex switch
        {
            // Whether the server's heartbeats came tells a busy method from a server that is not there.
            TimeoutException => new TimeoutExpiredException(call.Method, call.Timeout, connection.Endpoint,
                channel?.HasHeardPeer ?? false),
            EndpointUnavailableException => Unreachable(call),
            _ => ex,
        };
        if (channel is not null)
        {
            Finish(call, channel, error);
        }
        else
        {
            AfterRequest(call, error);
        }
        return error;
    }

    private EndpointUnavailableException Unreachable(ClientCallContext call) => new(
        $"no server was reachable for {call.Method} within {call.Timeout.TotalSeconds:0.###}s (endpoints: {string.Join(", ", Endpoints)})"
        // Why the endpoint source (a registry) could not give any: a refused password, an untrusted certificate.
        + (Endpoints.Count == 0 && _endpointSourceProblem?.Invoke() is { } problem ? ": " + problem : ""));
}
