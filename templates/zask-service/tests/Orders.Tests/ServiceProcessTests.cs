using System.Diagnostics;
using System.Text.Json;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc;

namespace Orders.Tests;

/// <summary>The program itself, started as a process the way it runs in production: CONFIG_PATH and --bind.</summary>
public class ServiceProcessTests
{
    [Fact]
    public async Task The_program_serves_on_the_endpoint_given_with_bind_and_reads_CONFIG_PATH()
    {
        var folder = Directory.CreateTempSubdirectory("orders-process-").FullName;
        try
        {
            // CONFIG_PATH overrides settings.json: a database and log files in the temp folder.
            var configPath = Path.Combine(folder, "test.settings.json");
            var database = Path.Combine(folder, "orders.db");
            File.WriteAllText(configPath, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["DEBUG"] = false,
                ["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + database,
                ["ERROR_LOG"] = Path.Combine(folder, "error.log"),
                ["ZERORPC_ACCESS_LOG"] = Path.Combine(folder, "access.log"),
            }));

            // Port * lets the system pick a free port; the program prints the endpoint it got.
            using var process = StartProgram(configPath, "--bind", "tcp://127.0.0.1:*");
            try
            {
                var endpoint = await WaitForEndpoint(process, TimeSpan.FromSeconds(60));

                // The access key comes from the settings.json shipped next to the program.
                var settings = new Zask.ZaskApp(new Zask.ZaskAppOptions { RootPath = AppContext.BaseDirectory, EnvironmentPrefix = null });
                await using (settings)
                {
                    settings.Config.FromFile("settings.json");
                    var accessKey = ServiceConfig.Read(settings.Config, "orders").AccessKey;
                    await using var clientApp = OrdersTestHost.ClientApp(folder, endpoint, accessKey);
                    await using var client = new ZeroRpcExtension(clientApp).Client("orders", options: OrdersTestHost.ClientOptions());
                    var id = await client.CallAsync<int>("add_order", "carol", "lamp", 3);
                    Assert.True(id > 0);
                    Assert.Equal(1, await client.CallAsync<int>("order_count", "carol"));
                }
                Assert.True(File.Exists(database), "the database named in CONFIG_PATH's file was used");
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private static Process StartProgram(string configPath, params string[] args)
    {
        // The program's dll, runtimeconfig and settings are copied here by the project reference. The SDK sets
        // DOTNET_HOST_PATH for the processes it starts; outside it, dotnet on the PATH will do.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(OrdersApp).Assembly.GetName().Name + ".dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CONFIG_PATH"] = configPath;
        return Process.Start(start) ?? throw new InvalidOperationException("the program did not start");
    }

    private static async Task<string> WaitForEndpoint(Process process, TimeSpan timeout)
    {
        const string marker = "serving on ";
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    // Keep draining stdout so the program never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync();
                    return line[(at + marker.Length)..].Split(", ")[0].Trim();
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the program printed no endpoint within {timeout}: {await stderr}");
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"the program exited with code {process.ExitCode} before serving: {await stderr}");
    }
}
