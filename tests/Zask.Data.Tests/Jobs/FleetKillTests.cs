using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zask.Data.Tests.Jobs;

/// <summary>
/// Two processes of one fleet sharing a PostgreSQL database or a SQLite file: the one holding a once-per-fleet job's
/// lock is SIGKILLed mid-run, and the other takes the job over on a later tick (on SQLite once the killed holder's
/// lease ran out), with no tick run twice.
/// </summary>
public sealed class FleetKillTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory, SqliteData, PostgresData]
    public async Task When_the_instance_running_a_fleet_job_is_killed_another_takes_over_and_no_tick_runs_twice(DbKind kind)
    {
        using var env = new DataEnv(kind);
        var uri = env.NewUri("kill");
        var connectionString = DatabaseUri.Parse(uri, env.Root).ConnectionString;
        await ExecuteAsync(kind, connectionString, "CREATE TABLE fleet_runs (tick_unix_ms BIGINT NOT NULL, instance TEXT NOT NULL)");

        using var holder = FleetChild.Start(uri, "holder", "--hold");
        var heldLine = await holder.WaitForLineAsync(l => l.StartsWith("HOLDING ", StringComparison.Ordinal), Patience);
        var heldTick = long.Parse(heldLine["HOLDING ".Length..], System.Globalization.CultureInfo.InvariantCulture);

        using var taker = FleetChild.Start(uri, "taker");
        // While the holder runs, the taker's ticks find the job locked and are skipped.
        await taker.WaitForLineAsync(l => l.Contains("Job fleet_counter skipped", StringComparison.Ordinal), Patience);
        (await RunsAsync(kind, connectionString)).Should().OnlyContain(r => r.Instance == "holder");

        holder.Kill();
        await Eventually.True(async () => (await RunsAsync(kind, connectionString)).Any(r => r.Instance == "taker"),
            "the taker to run the job after the holder was killed", Patience);
        taker.Kill();

        var runs = await RunsAsync(kind, connectionString);
        runs.GroupBy(r => r.Tick).Should().OnlyContain(g => g.Count() == 1, "no tick ran twice: {0}", string.Join(", ", runs));
        runs.Should().ContainSingle(r => r.Instance == "holder" && r.Tick == heldTick);
        runs.Where(r => r.Instance == "taker").Should().OnlyContain(r => r.Tick > heldTick, "the taker took over on later ticks");
    }

    private static DbConnection Connect(DbKind kind, string connectionString) =>
        kind == DbKind.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);

    private static async Task<List<(long Tick, string Instance)>> RunsAsync(DbKind kind, string connectionString)
    {
        await using var connection = Connect(kind, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tick_unix_ms, instance FROM fleet_runs ORDER BY tick_unix_ms";
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            runs.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return runs;
    }

    private static async Task ExecuteAsync(DbKind kind, string connectionString, string sql)
    {
        await using var connection = Connect(kind, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fleet instance (tests/Zask.Data.Tests.FleetProcess) whose output is watched; killed on dispose.</summary>
    private sealed class FleetChild : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private FleetChild(Process process) => _process = process;

        public static FleetChild Start(string uri, params string[] arguments)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (!Path.GetFileNameWithoutExtension(info.FileName).Equals("dotnet", StringComparison.Ordinal))
            {
                info.FileName = "dotnet";
            }
            info.ArgumentList.Add(Dll);
            info.ArgumentList.Add(uri);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            info.WithoutDiagnostics();
            var process = new Process { StartInfo = info };
            var child = new FleetChild(process);
            process.OutputDataReceived += (_, e) => child.Add(e.Data);
            process.ErrorDataReceived += (_, e) => child.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        private static string Dll => BuildOutput.Of(Path.Combine("tests", "Zask.Data.Tests.FleetProcess"), "Zask.Data.Tests.FleetProcess.dll");

        public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan within)
        {
            string? found = null;
            await Eventually.True(() => (found = _lines.FirstOrDefault(match)) is not null || _process.HasExited,
                "a line from the fleet child", within);
            return found ?? throw new InvalidOperationException($"the fleet child exited ({_process.ExitCode}):\n{string.Join('\n', _lines)}");
        }

        /// <summary>SIGKILL, and wait for the process to be gone.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
