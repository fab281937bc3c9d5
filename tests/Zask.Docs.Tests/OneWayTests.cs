using DocsSamples;

namespace Zask.Docs.Tests;

public class OneWayTests
{
    [Fact]
    public async Task A_pushed_call_reaches_the_puller() =>
        (await OneWay.PushAsync()).Should().Be("hello #1");

    [Fact]
    public async Task A_published_call_reaches_the_subscriber() =>
        (await OneWay.PublishAsync()).Should().Be("news #2");
}
