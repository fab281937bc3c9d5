namespace Zask.ZeroRpc.Hosting.Tests.Showcase;

/// <summary>The showcase's <c>job_runs()</c>: its one-second interval job keeps running while it serves.</summary>
public class ShowcaseJobRunsTests
{
    [Fact]
    public async Task Job_runs_counts_the_one_second_job_as_it_runs()
    {
        var endpoint = FreePort.Endpoint();
        using var temp = new TempDir("zask-showcase-");
        var config = Path.Combine(temp.Path, "showcase.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{temp.Path}}/error.log",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{temp.Path}}/showcase.db"
            }
            """);
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, endpoint);
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
        client.Connect(endpoint);

        var first = await client.CallAsync<long>("job_runs");
        first.Should().BeGreaterThanOrEqualTo(0);
        long latest = first;
        await Eventually.True(async () => (latest = await client.CallAsync<long>("job_runs")) >= first + 2,
            "job_runs() to grow by two", TimeSpan.FromSeconds(30));

        latest.Should().BeGreaterThanOrEqualTo(2);
        (await showcase.StopAsync()).Should().Be(0, showcase.Stderr);
    }
}
