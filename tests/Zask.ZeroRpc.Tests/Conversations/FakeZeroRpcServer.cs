using System.Buffers;
using NetMQ;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>
/// A raw ROUTER that plays the server side of a recorded conversation against a real client: it checks the
/// client's request against the recorded one, then sends the recorded server events (re-addressed to the client's
/// request id), each only once the client has sent the events that preceded it in the recording.
/// </summary>
internal sealed class FakeZeroRpcServer : IDisposable
{
    private readonly RouterSocket _router = new();
    private readonly RecordedConversation _conversation;
    private readonly bool _matchHeartbeats;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<Event> _heartbeats = new();
    private readonly Queue<Event> _rpcEvents = new();
    private readonly List<Event> _rpcEventsSeen = [];
    private Task<ConversationTranscript>? _run;
    private byte[]? _identity;
    private MessageId _requestId;

    /// <param name="conversation">The recording to replay.</param>
    /// <param name="matchHeartbeats">
    /// <c>true</c> to require the client's <c>_zpc_hb</c> events where the recording has them; otherwise the client's
    /// heartbeats are accepted whenever they come and never waited for.
    /// </param>
    public FakeZeroRpcServer(RecordedConversation conversation, bool matchHeartbeats)
    {
        _conversation = conversation;
        _matchHeartbeats = matchHeartbeats;
        _router.Options.Linger = TimeSpan.Zero;
        Port = _router.BindRandomPort("tcp://127.0.0.1");
    }

    public int Port { get; }

    public string Endpoint => $"tcp://127.0.0.1:{Port}";

    /// <summary>How long to wait for each event the client should send.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to keep listening after the last reply, to catch events the client should not send.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs the replay on a dedicated thread (the socket is used by that thread only from now on).</summary>
    public Task<ConversationTranscript> Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("already started");
        }
        _run = Task.Factory.StartNew(Replay, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return _run;
    }

    /// <summary>The replay's log so far (read it only after the replay ended, or for a timeout message).</summary>
    public ConversationTranscript Transcript { get; } = new();

    private ConversationTranscript Replay()
    {
        var transcript = Transcript;
        var request = ReceiveRequest(transcript);
        var recordedRequest = _conversation.Request;
        EventText.Key(request).Should().Be(EventText.Key(recordedRequest.Event),
            $"the client's request should match the recorded one{transcript}");

        for (var i = 1; i <= _conversation.LastServerEventIndex; i++)
        {
            var recorded = _conversation.Events[i];
            if (recorded.IsClientToServer)
            {
                if (recorded.IsHeartbeat && !_matchHeartbeats)
                {
                    continue;
                }
                var queue = recorded.IsHeartbeat ? _heartbeats : _rpcEvents;
                var actual = WaitFor(queue, recorded, transcript);
                EventText.Key(actual).Should().Be(EventText.Key(recorded.Event),
                    $"the client should send recorded event #{i} here{transcript}");
            }
            else
            {
                // Keep the recorded pace (it matters for the 1 s heartbeats; elsewhere it is a few ms).
                PumpUntil(recorded.TimeMs, transcript);
                Send(recorded.Event, transcript);
            }
        }

        // Client events after the last reply (a late heartbeat) are optional: the client has closed the channel.
        PumpUntil(transcript.ElapsedMs + Linger.TotalMilliseconds, transcript);
        var expected = _conversation.Events
            .Where(e => e.IsClientToServer && !e.IsHeartbeat && e.Index > 0 && e.Index < _conversation.LastServerEventIndex)
            .Select(e => EventText.Key(e.Event));
        _rpcEventsSeen.Select(EventText.Key).Should().Equal(expected,
            $"the client should send exactly the recorded non-heartbeat events after its request{transcript}");
        return transcript;
    }

    private Event ReceiveRequest(ConversationTranscript transcript)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!TryReceive(TimeSpan.FromMilliseconds(50), out var frames))
            {
                continue;
            }
            CheckFraming(frames, transcript);
            var evt = EventCodec.Decode(frames[^1]);
            transcript.StartClock();
            transcript.LogReceived(evt);
            evt.Header.ResponseTo.Should().BeNull("a request opens its channel");
            evt.Header.Version.Should().Be(3);
            _identity = frames[0];
            _requestId = evt.Header.MessageId;
            return evt;
        }
        throw new TimeoutException($"the client sent no request within {StepTimeout}");
    }

    private Event WaitFor(Queue<Event> queue, RecordedEvent recorded, ConversationTranscript transcript)
    {
        var deadline = transcript.ElapsedMs + StepTimeout.TotalMilliseconds;
        while (queue.Count == 0)
        {
            if (transcript.ElapsedMs > deadline)
            {
                throw new TimeoutException($"the client did not send {EventText.Describe(recorded.Event)} (recorded event #{recorded.Index}) within {StepTimeout}{transcript}");
            }
            Pump(TimeSpan.FromMilliseconds(50), transcript);
        }
        return queue.Dequeue();
    }

    /// <summary>Receives whatever the client sends until the clock reaches <paramref name="untilMs"/>.</summary>
    private void PumpUntil(double untilMs, ConversationTranscript transcript)
    {
        double left;
        while ((left = untilMs - transcript.ElapsedMs) > 0)
        {
            // Whole milliseconds: NetMQ blocks without limit on a non-zero timeout below 1 ms.
            Pump(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Min(left, 50))), transcript);
        }
    }

    private void Pump(TimeSpan wait, ConversationTranscript transcript)
    {
        _stop.Token.ThrowIfCancellationRequested();
        if (!TryReceive(wait, out var frames))
        {
            return;
        }
        CheckFraming(frames, transcript);
        frames[0].Should().Equal(_identity, "every event of the call should come from the same client");
        var evt = EventCodec.Decode(frames[^1]);
        transcript.LogReceived(evt);
        evt.Header.Version.Should().Be(3, $"every event carries v: 3{transcript}");
        evt.Header.ResponseTo.Should().NotBeNull($"events after the request belong to its channel{transcript}");
        var responseTo = evt.Header.ResponseTo!.Value;
        EventText.Id(responseTo).Should().Be(EventText.Id(_requestId),
            $"response_to should be the request's id with the same msgpack type{transcript}");
        if (evt.Name == EventNames.Heartbeat)
        {
            EventText.ArgsJson(evt).Should().Be("[0]");
            _heartbeats.Enqueue(evt);
        }
        else
        {
            _rpcEvents.Enqueue(evt);
            _rpcEventsSeen.Add(evt);
        }
    }

    private bool TryReceive(TimeSpan wait, out List<byte[]> frames)
    {
        frames = new List<byte[]>(3);
        return _router.TryReceiveMultipartBytes(wait, ref frames);
    }

    private static void CheckFraming(List<byte[]> frames, ConversationTranscript transcript)
    {
        // A DEALER sends ["", blob]; the ROUTER prepends the identity.
        frames.Should().HaveCount(3, $"a DEALER client sends [\"\", blob]{transcript}");
        frames[1].Should().BeEmpty("the delimiter frame is empty");
    }

    /// <summary>Sends a recorded server event on the client's channel: fresh message_id, response_to = its request id.</summary>
    private void Send(Event recorded, ConversationTranscript transcript)
    {
        var header = new EventHeader(MessageIdGenerator.Next(), recorded.Header.Version, _requestId, recorded.Header.Context);
        var evt = new Event(header, recorded.Name, recorded.Args);
        var blob = new ArrayBufferWriter<byte>();
        EventCodec.Encode(blob, evt);
        _router.SendMoreFrame(_identity!).SendMoreFrameEmpty().SendFrame(blob.WrittenSpan.ToArray());
        transcript.LogSent(evt);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            // The socket belongs to the replay thread until it ends.
            _run?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The test has already observed (or ignored) the replay's outcome.
        }
        _router.Dispose();
        _stop.Dispose();
    }
}
