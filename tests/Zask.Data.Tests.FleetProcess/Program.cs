using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Zask;
using Zask.Data;

// One instance of a fleet for the fleet-lock tests: `FleetProcess URI NAME [--hold]`, URI a PostgreSQL or SQLite
// database. Its once-per-fleet job "fleet_counter" runs every second and records each run as a row (tick, instance)
// of the table fleet_runs; with --hold, its first run then holds on (and with it the job's fleet lock) until the
// process is killed. On SQLite, the lock's lease (JOBS_FLEET_LEASE) is 10 seconds.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: FleetProcess DATABASE_URI NAME [--hold]");
    return 2;
}
var uri = args[0];
var name = args[1];
var hold = args.Contains("--hold");
var root = Path.Combine(Path.GetTempPath(), "zask-fleet-" + Environment.ProcessId);
Directory.CreateDirectory(root);

await using var app = new ZaskApp(new ZaskAppOptions { Name = "fleet-" + name, RootPath = root, EnvironmentPrefix = null });
app.Config["SQLALCHEMY_DATABASE_URI"] = uri;
app.Config["DEBUG"] = true;
// Short enough for the test to see a killed holder's lease run out, long enough for a loaded machine to renew it.
app.Config["JOBS_FLEET_LEASE"] = 10;
var sqlite = uri.StartsWith("sqlite:", StringComparison.Ordinal);
app.HostBuilder.Logging.SetMinimumLevel(LogLevel.Debug);
using var db = new ZaskDb(app, new ZaskDbOptions { ModelAssemblies = [] });
var held = false;
app.Jobs.Every("fleet_counter", TimeSpan.FromSeconds(1), async job =>
{
    await using (DbConnection connection = sqlite ? new SqliteConnection(db.GetConnectionString(null)) : new NpgsqlConnection(db.GetConnectionString(null)))
    {
        await connection.OpenAsync(job.CancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO fleet_runs (tick_unix_ms, instance) VALUES ({job.Tick.ToUnixTimeMilliseconds()}, @instance)";
        var instance = insert.CreateParameter();
        instance.ParameterName = "instance";
        instance.Value = name;
        insert.Parameters.Add(instance);
        await insert.ExecuteNonQueryAsync(job.CancellationToken);
    }
    Console.WriteLine($"RAN {job.Tick.ToUnixTimeMilliseconds()}");
    if (hold && !held)
    {
        held = true;
        Console.WriteLine($"HOLDING {job.Tick.ToUnixTimeMilliseconds()}");
        await Task.Delay(Timeout.Infinite, job.CancellationToken);
    }
}).OncePerFleet();
await app.StartAsync();
Console.WriteLine("STARTED");
await Task.Delay(Timeout.Infinite);
return 0;
