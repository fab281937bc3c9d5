using System.Text.Json.Nodes;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>The recordings themselves, as the replay tests read them: if these fail, the replays mean nothing.</summary>
public class RecordedConversationTests
{
    public static TheoryData<string> ConversationIds() => new(RecordedConversation.Ids);

    [Fact]
    public void All_six_conversations_are_present() =>
        RecordedConversation.Ids.Should().BeEquivalentTo(
            "plain-call", "stream-300-with-credits", "call-error", "heartbeats-during-sleep", "unknown-method", "stream-then-error");

    [Theory]
    [MemberData(nameof(ConversationIds))]
    public void Every_event_decodes_to_what_the_capture_documents(string id)
    {
        foreach (var recorded in RecordedConversation.Get(id).Events)
        {
            recorded.Name.Should().Be(recorded.Documented["name"]!.GetValue<string>());
            JsonNode.DeepEquals(MsgPackJson.RenderHeader(recorded.Event.Header), recorded.Documented["header"]).Should()
                .BeTrue($"the header of {recorded} should be {recorded.Documented["header"]}");
            JsonNode.DeepEquals(recorded.Args, recorded.Documented["args"]).Should().BeTrue($"the args of {recorded}");
        }
    }

    [Theory]
    [MemberData(nameof(ConversationIds))]
    public void Every_event_after_the_request_belongs_to_its_channel(string id)
    {
        var conversation = RecordedConversation.Get(id);
        conversation.Request.IsClientToServer.Should().BeTrue();
        conversation.Request.Event.Header.ResponseTo.Should().BeNull();
        conversation.RequestId.IsBinary.Should().BeTrue("zerorpc-python sends its ids as bin");
        foreach (var recorded in conversation.Events.Skip(1))
        {
            recorded.Event.Header.ResponseTo.Should().Be(conversation.RequestId);
            recorded.Event.Header.ResponseTo!.Value.IsBinary.Should().BeTrue();
            recorded.Event.Header.Version.Should().Be(3);
        }
    }

    [Fact]
    public void The_stream_recording_has_300_items_and_the_credits_100_then_five_times_51()
    {
        var events = RecordedConversation.Get("stream-300-with-credits").Events;
        events.Where(e => e.Name == EventNames.Stream).Select(e => EventText.ArgsJson(e.Event))
            .Should().Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        events.Where(e => e.Name == EventNames.More).Select(e => EventText.ArgsJson(e.Event))
            .Should().Equal("[100]", "[51]", "[51]", "[51]", "[51]", "[51]");
        events[^1].Name.Should().Be(EventNames.StreamDone);
        EventText.ArgsJson(events[^1].Event).Should().Be("null");
    }
}
