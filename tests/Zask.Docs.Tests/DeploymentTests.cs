using DocsSamples;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc;

namespace Zask.Docs.Tests;

public class DeploymentTests
{
    [Fact]
    public async Task Two_instances_share_the_load_and_one_stops_gracefully_while_the_other_serves_on()
    {
        using var dir = new TempDir();
        var (clientJson, endpoints) = Settings.Localize(MarkdownBlocks.Json("deploy-client-settings"));
        var serverJson = MarkdownBlocks.Json("deploy-server-settings").Replace("/var/log/inventory/", dir.Path + "/", StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("INVENTORY_SETTINGS", dir.File("server.json", serverJson));
        var local = endpoints.Values.ToArray();
        using var stopFirst = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        using var stopSecond = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        var first = InventoryProgram.RunAsync(["--bind", local[0]], stopFirst.Token);
        var second = InventoryProgram.RunAsync(["--bind", local[1]], stopSecond.Token);
        try
        {
            await using var app = Settings.App(dir, clientJson, "orders", "client.json");
            var rpc = new ZeroRpcExtension(app);
            await using var inventory = rpc.Client("inventory");
            var answered = new HashSet<string>();
            for (var i = 0; i < 4; i++)
            {
                answered.Add(await inventory.CallAsync<string>("instance"));
            }
            answered.Should().BeEquivalentTo(local);

            // Two slow calls, one per instance; the first instance is told to stop while they run.
            var reservations = new[]
            {
                InventoryProgram.CallWithRetryAsync<long>(inventory, "reserve", "A-1", 2L),
                InventoryProgram.CallWithRetryAsync<long>(inventory, "reserve", "A-2", 3L),
            };
            // Round robin sent one reservation to each instance; a call sent after it on the same connection and
            // answered shows that instance has taken it, so the stop lands while both run.
            (await Task.WhenAll(inventory.CallAsync<string>("instance"), inventory.CallAsync<string>("instance")))
                .Should().BeEquivalentTo(local, "each instance answered a call sent after its reservation");
            await stopFirst.CancelAsync();
            (await Task.WhenAll(reservations)).Should().Equal(2, 3);
            await first;

            await Eventually.True(async () =>
            {
                try
                {
                    return await inventory.CallAsync<string>("instance") == local[1]
                        && await inventory.CallAsync<string>("instance") == local[1];
                }
                catch (Exception e) when (e is LostRemoteException or TimeoutExpiredException or RemoteException { Name: "ServiceUnavailable" })
                {
                    return false;
                }
            }, "the remaining instance takes every call");
        }
        finally
        {
            await stopFirst.CancelAsync();
            await stopSecond.CancelAsync();
            await Task.WhenAll(first, second);
        }
        File.ReadAllLines(Path.Combine(dir.Path, "access.log")).Should().Contain(l => l.Contains("\"reserve\" - OK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Curve_keys_from_the_settings_encrypt_the_traffic()
    {
        using var dir = new TempDir();
        var publicKey = InventoryProgram.WriteKeyFile(Path.Combine(dir.Path, "inventory.keys"));
        var (serverJson, endpoints) = Settings.Localize(MarkdownBlocks.Json("deploy-curve-server"));
        var clientJson = MarkdownBlocks.Json("deploy-curve-client");
        foreach (var (original, local) in endpoints)
        {
            clientJson = clientJson.Replace(original, local, StringComparison.Ordinal);
        }
        clientJson = System.Text.RegularExpressions.Regex.Replace(clientJson, "\"server_public_key\": \"[^\"]+\"",
            _ => $"\"server_public_key\": \"{publicKey}\"");   // an evaluator: a Z85 key may contain '$'


        await using var serverApp = Settings.App(dir, serverJson, "inventory", "server.json");
        await using var server = new ZeroRpcExtension(serverApp).Server(new InventoryService());
        server.EnsureBound();

        await using var clientApp = Settings.App(dir, clientJson, "orders", "client.json");
        await using var inventory = new ZeroRpcExtension(clientApp).Client("inventory");
        (await inventory.CallAsync<string>("instance")).Should().Be("inventory-1");

        await using var plaintext = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        plaintext.Connect(endpoints.Values.Single());
        await FluentActions.Awaiting(() => plaintext.CallAsync<string>("instance")).Should()
            .ThrowAsync<EndpointUnavailableException>("a plaintext client never completes a handshake with a CURVE server");
    }
}
