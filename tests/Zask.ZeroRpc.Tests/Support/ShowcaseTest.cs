namespace Zask.ZeroRpc.Tests.Support;

/// <summary>A test class with a fresh showcase server and client per test.</summary>
public abstract class ShowcaseTest : IAsyncLifetime
{
    protected ShowcaseHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new ShowcaseHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
