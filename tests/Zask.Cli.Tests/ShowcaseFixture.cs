namespace Zask.Cli.Tests;

/// <summary>The showcase service running as a real process on a free port, shared by the tests of a collection.</summary>
public sealed class ShowcaseFixture : IAsyncLifetime
{
    private ShowcaseChild? _showcase;

    public string Endpoint => _showcase?.Endpoint ?? "";

    public async Task InitializeAsync() =>
        _showcase = await ShowcaseChild.StartAsync(BuildOutputs.Showcase, configPath: null, FreePort.Endpoint());

    public Task DisposeAsync()
    {
        _showcase?.Dispose();
        return Task.CompletedTask;
    }
}
