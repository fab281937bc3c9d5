using DocsSamples;

namespace Zask.Docs.Tests;

public class DispatchTests
{
    [Fact]
    public async Task The_dispatch_sample_serves_both_methods()
    {
        var (quote, settled) = await Dispatch.RunAsync();
        quote.Should().Be(12.35m);
        settled.Should().Be(5m);
    }
}
