using DocsSamples;

namespace Zask.Docs.Tests;

public class TransportTests
{
    [Fact]
    public async Task The_echo_sample_echoes() =>
        (await Transport.EchoAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("hello");

    [Fact]
    public async Task The_subscriber_gets_only_news() =>
        (await Transport.PublishAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("news.1");
}
