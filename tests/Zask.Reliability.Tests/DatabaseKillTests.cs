using System.Collections.Concurrent;
using System.Text.Json;

namespace Zask.Reliability.Tests;

/// <summary>
/// SIGKILL during a stream of committed writes (the showcase's add_user): after a restart on the same database,
/// every write that was acknowledged is there, once, whole.
/// </summary>
public sealed class DatabaseKillTests(ITestOutputHelper output)
{
    [Fact]
    public Task Sqlite_keeps_every_acknowledged_write() =>
        RunAsync("sqlite", folder => $"sqlite:///{folder}/kill.db", cleanup: null);

    [PostgresFact]
    public Task Postgresql_keeps_every_acknowledged_write()
    {
        Requirement.Postgres.EnsureMet();
        var admin = Environment.GetEnvironmentVariable(Requirement.PostgresUriVariable)!;
        var database = $"zask_kill_{Guid.NewGuid():N}";
        Psql(admin, $"CREATE DATABASE {database}");
        var uri = admin[..(admin.LastIndexOf('/') + 1)] + database;
        return RunAsync("postgresql", _ => uri, cleanup: () => Psql(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)"));
    }

    private async Task RunAsync(string engine, Func<string, string> uriFor, Action? cleanup)
    {
        var figures = new ReliabilityFigures();
        var clock = Stopwatch.StartNew();
        using var temp = new TempDir("zask-dbkill-");
        var folder = temp.Path;
        var config = Path.Combine(folder, "showcase.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["DEBUG"] = false,
            ["ERROR_LOG"] = Path.Combine(folder, "error.log"),
            ["ZERORPC_ACCESS_LOG"] = Path.Combine(folder, "access.log"),
            ["SQLALCHEMY_DATABASE_URI"] = uriFor(folder),
        }));
        var bind = $"tcp://127.0.0.1:{FreePort.Next()}";
        var acknowledged = new ConcurrentBag<string>();
        try
        {
            using (var server = StartWithConfig(bind, config))
            {
                using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20), Heartbeat = Zask.ZeroRpc.Channels.HeartbeatOptions.FromSeconds(1) });
                client.Connect(server.Endpoint);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var name = $"w{w}-{i}";
                        figures.CallMade();
                        try
                        {
                            await client.CallAsync<int>("add_user", name, $"{name}@example.org");
                            acknowledged.Add(name);
                            figures.CallSucceeded();
                        }
                        catch (Exception)
                        {
                            figures.CallFailedByFault();
                            return;
                        }
                    }
                })).ToArray();
                await Eventually.True(() => acknowledged.Count >= 100, "a stream of acknowledged writes", TimeSpan.FromSeconds(60));
                figures.FaultInjected();
                server.Kill();
                await Task.WhenAll(writers);
                stop.Cancel();
            }

            using var restarted = StartWithConfig(bind, config);
            using var reader = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(20) });
            reader.Connect(restarted.Endpoint);
            var users = await reader.CallAsync<List<Dictionary<string, object?>>>("list_users");
            var names = users.Select(u => (string)u["username"]!).ToList();
            names.Should().OnlyHaveUniqueItems("no write is stored twice");
            names.Should().Contain(acknowledged, "every acknowledged write survives the kill");
            users.Should().OnlyContain(u => (string)u["email"]! == $"{u["username"]}@example.org", "no row is half-written");
            (await reader.CallAsync<int>("count_users")).Should().Be(names.Count);
            figures.FaultSurvived();
            figures.Set("engine", engine);
            figures.Set("acknowledged_writes", acknowledged.Count);
            figures.Set("rows_after_restart", names.Count);
        }
        finally
        {
            cleanup?.Invoke();
        }
        figures.Duration = clock.Elapsed;
        ReliabilityReport.Record($"database_kill_{engine}", figures, output);
    }

    private static ShowcaseProcess StartWithConfig(string bind, string configPath)
    {
        // Children inherit the environment; the reliability tests run one at a time, so this cannot leak.
        Environment.SetEnvironmentVariable("CONFIG_PATH", configPath);
        try
        {
            return ShowcaseProcess.Start(bind, heartbeatSeconds: 1);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONFIG_PATH", null);
        }
    }

    private static void Psql(string uri, string sql)
    {
        using var psql = Process.Start(new ProcessStartInfo("psql", [uri, "-qAt", "-c", sql]) { RedirectStandardError = true })!;
        psql.WaitForExit(30_000).Should().BeTrue();
        psql.ExitCode.Should().Be(0, psql.StandardError.ReadToEnd());
    }
}
