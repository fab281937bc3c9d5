using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>
/// A raw DEALER that plays the client side of a recorded conversation against a real server: it sends the
/// recorded client events verbatim (the request with its recorded bin message_id, credits, heartbeats) and checks
/// every server event against the recording, including that the server never exceeds the credit granted.
/// </summary>
internal sealed class FakeZeroRpcClient : IDisposable
{
    private readonly DealerSocket _dealer = new();

    public FakeZeroRpcClient(string endpoint)
    {
        _dealer.Options.Linger = TimeSpan.Zero;
        _dealer.Connect(endpoint);
    }

    /// <summary>How long the whole replay may take beyond the recording's own duration.</summary>
    public TimeSpan Slack { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Server heartbeats received during the last replay (validated: v 3, response_to, args [0]).</summary>
    public List<(double AtMs, Event Event)> ServerHeartbeats { get; } = [];

    /// <summary>
    /// Replays the conversation. A client event is sent once every server reply (non-heartbeat event) that precedes
    /// it in the recording has arrived; a heartbeat also waits for its recorded time offset. So a <c>_zpc_more</c>
    /// goes out after as many STREAM events as the Python client had received, and the late heartbeat after OK.
    /// </summary>
    public ConversationTranscript Replay(RecordedConversation conversation)
    {
        var transcript = new ConversationTranscript();
        var clientEvents = conversation.Events.Where(e => e.IsClientToServer && e.Index > 0).ToArray();
        var replies = conversation.Events.Where(e => !e.IsClientToServer && !e.IsHeartbeat).ToArray();
        var deadline = conversation.Events[^1].TimeMs + Slack.TotalMilliseconds;
        var nextClient = 0;
        var nextReply = 0;
        long credit = 1;
        var rpcEventsReceived = 0;

        transcript.StartClock();
        Send(conversation.Request, transcript);
        while (nextClient < clientEvents.Length || nextReply < replies.Length)
        {
            if (transcript.ElapsedMs > deadline)
            {
                var waitingFor = nextReply < replies.Length ? replies[nextReply].ToString() : clientEvents[nextClient].ToString();
                throw new TimeoutException($"conversation {conversation.Id} stalled waiting for {waitingFor}{transcript}");
            }
            var wait = 50.0;
            if (nextClient < clientEvents.Length)
            {
                var next = clientEvents[nextClient];
                var repliesBefore = replies.Count(r => r.Index < next.Index);
                if (nextReply >= repliesBefore)
                {
                    var dueIn = next.IsHeartbeat ? next.TimeMs - transcript.ElapsedMs : 0;
                    if (dueIn <= 0)
                    {
                        if (next.Name == EventNames.More)
                        {
                            credit += ReadCredit(next.Event);
                        }
                        Send(next, transcript);
                        nextClient++;
                        continue;
                    }
                    wait = Math.Min(wait, dueIn);
                }
            }
            // Whole milliseconds: NetMQ blocks without limit on a non-zero timeout below 1 ms.
            var evt = TryReceive(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(1, wait))), transcript);
            if (evt is null)
            {
                continue;
            }
            CheckChannel(evt, conversation, transcript);
            if (evt.Name == EventNames.Heartbeat)
            {
                EventText.ArgsJson(evt).Should().Be("[0]", $"heartbeats carry [0]{transcript}");
                ServerHeartbeats.Add((transcript.ElapsedMs, evt));
                continue;
            }
            nextReply.Should().BeLessThan(replies.Length, $"the server should send nothing after its final reply{transcript}");
            // Every RPC event costs the server one credit: the initial 1 plus every _zpc_more sent so far.
            rpcEventsReceived++;
            rpcEventsReceived.Should().BeLessThanOrEqualTo((int)credit,
                $"the credit granted so far (1 + every _zpc_more sent) is {credit}{transcript}");
            CheckReply(evt, replies[nextReply], transcript);
            nextReply++;
        }
        return transcript;
    }

    /// <summary>Receives one server event, or <c>null</c> when none arrives in time.</summary>
    public Event? TryReceive(TimeSpan wait, ConversationTranscript transcript)
    {
        var frames = new List<byte[]>(2);
        if (!_dealer.TryReceiveMultipartBytes(wait, ref frames))
        {
            return null;
        }
        // A ROUTER sends [identity, "", blob]; the DEALER sees ["", blob].
        frames.Should().HaveCount(2, $"a ROUTER server sends [identity, \"\", blob]{transcript}");
        frames[0].Should().BeEmpty("the delimiter frame is empty");
        var evt = EventCodec.Decode(frames[1]);
        transcript.LogReceived(evt);
        return evt;
    }

    /// <summary>Sends a recorded client event exactly as recorded (its own message_id and response_to).</summary>
    public void Send(RecordedEvent recorded, ConversationTranscript transcript)
    {
        _dealer.SendMoreFrameEmpty().SendFrame(recorded.Blob);
        transcript.LogSent(recorded.Event);
    }

    private static void CheckChannel(Event evt, RecordedConversation conversation, ConversationTranscript transcript)
    {
        evt.Header.Version.Should().Be(3, $"every event carries v: 3{transcript}");
        evt.Header.ResponseTo.Should().NotBeNull($"a reply names its channel{transcript}");
        // Python routes by dict lookup where b"id" != "id": the id must come back as bin, byte for byte.
        EventText.Id(evt.Header.ResponseTo!.Value).Should().Be(EventText.Id(conversation.RequestId),
            $"response_to should echo the recorded request id with its msgpack type{transcript}");
        evt.Header.MessageId.IsEmpty.Should().BeFalse();
        evt.Header.MessageId.Should().NotBe(conversation.RequestId, "each event has a fresh message_id");
    }

    private static void CheckReply(Event actual, RecordedEvent expected, ConversationTranscript transcript)
    {
        actual.Name.Should().Be(expected.Name, $"recorded event #{expected.Index} is {expected}{transcript}");
        if (actual.Name != EventNames.Error)
        {
            EventText.ArgsJson(actual).Should().Be(EventText.ArgsJson(expected.Event),
                $"recorded event #{expected.Index} is {expected}{transcript}");
            return;
        }
        // ERR: same name and message; the traceback is ours (a string, or nil).
        var args = EventText.Args(actual)!.AsArray();
        var recorded = expected.Args!.AsArray();
        args.Should().HaveCount(3, $"ERR args are [name, message, traceback]{transcript}");
        args[0]!.ToJsonString().Should().Be(recorded[0]!.ToJsonString());
        args[1]!.ToJsonString().Should().Be(recorded[1]!.ToJsonString());
        if (args[2] is not null)
        {
            args[2]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String, "the traceback is a string or nil");
        }
    }

    private static long ReadCredit(Event more)
    {
        var reader = new MessagePackReader(more.Args);
        reader.ReadArrayHeader();
        return reader.ReadInt64();
    }

    public void Dispose() => _dealer.Dispose();
}
