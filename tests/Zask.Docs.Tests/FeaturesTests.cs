using System.Collections.Concurrent;
using DocsSamples;
using Microsoft.Extensions.DependencyInjection;
using Zask.Docs.Tests.Support;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Patterns;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Server;

namespace Zask.Docs.Tests;

/// <summary>docs/hooks-events-validation-roles.md: its samples do what the page says.</summary>
public class FeaturesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_validation_sample_refuses_bad_arguments_naming_each_field()
    {
        await using var server = new ZeroRpcServer(new Accounts());
        var endpoint = server.Bind(FreePort.Endpoint());
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = Patience });
        client.Connect(endpoint);
        (await client.CallAsync<string>("rename", "ada_l", 36)).Should().Be("ada_l (36)");
        var error = (await FluentActions.Awaiting(() => client.CallAsync<string>("rename", "Ada L", 7)).Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().Be("ValidationError");
        error.RemoteMessage.Split('\n').Skip(1).Select(l => l.Split(':')[0]).Should().Equal("username", "age");
        var signup = (await FluentActions.Awaiting(() => client.CallAsync<string>("signup",
            new Dictionary<string, object?> { ["username"] = "ada", ["email"] = "nope" })).Should().ThrowAsync<RemoteException>()).Which;
        signup.RemoteMessage.Should().Contain("signup.email: EmailAddress: ");
    }

    [Fact]
    public async Task The_call_hooks_sample_refuses_calls_without_a_tenant_and_runs_the_service_teardown()
    {
        using var dir = new TempDir();
        var (json, _) = Settings.Localize(MarkdownBlocks.Json("feat-roles-entry"));
        await using var app = Settings.App(dir, json, "billing");
        app.Services.AddScoped<AuditTrail>();
        var rpc = Features.CallHooks(app);
        var torn = new ConcurrentQueue<string>();
        rpc.HooksFor("billing").Teardown((call, services) => torn.Enqueue(call.MethodName));
        var server = rpc.Server(new Billing());
        await app.StartAsync();
        await using var client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = Patience });
        client.Connect(server.Endpoints[0]);
        // No tenant header: the app-wide before-call hook refuses (the plain client sends no access key either).
        var error = (await FluentActions.Awaiting(() => client.CallAsync<double>("balance", "A-1")).Should().ThrowAsync<RemoteException>()).Which;
        error.Name.Should().BeOneOf("MissingTenant", "NoSuchAccessKey");
        await Eventually.True(() => torn.Contains("balance"), "the service's teardown hook");
        await app.StopAsync();
    }

    [Fact]
    public async Task The_roles_sample_forbids_a_refund_to_a_key_outside_the_admin_role()
    {
        using var dir = new TempDir();
        var (json, _) = Settings.Localize(MarkdownBlocks.Json("feat-roles-entry"));
        await using var app = Settings.App(dir, json, "billing");
        var rpc = new ZeroRpcExtension(app);
        var server = rpc.Server(new Billing());
        server.EnsureBound();
        var entry = ServiceConfig.Read(app.Config, "billing");
        entry.Roles!["admin"].Should().Equal("ops_key");

        async Task<string?> CallAs(string key, string method, params object?[] args)
        {
            using var callerDir = new TempDir();
            var (callerJson, _) = (json.Replace("\"client_keys\"", $"\"access_key\": \"{key}\", \"client_keys\"", StringComparison.Ordinal), 0);
            await using var caller = Settings.App(callerDir, callerJson, "caller");
            await using var client = new ZeroRpcExtension(caller).Client("billing", options: new ZeroRpcClientOptions { Timeout = Patience });
            try
            {
                await client.CallAsync<object?>(method, args);
                return null;
            }
            catch (RemoteException ex)
            {
                return ex.Name;
            }
        }

        (await CallAs("orders_key", "refund", "A-1", 5)).Should().Be("Forbidden");
        (await CallAs("ops_key", "refund", "A-1", 5)).Should().BeNull();
        (await CallAs("audit_key", "ledger", "A-1")).Should().BeNull();
        (await CallAs("orders_key", "balance", "A-1")).Should().BeNull();
    }

    [Fact]
    public async Task The_events_samples_run_the_handlers()
    {
        using var dir = new TempDir();
        await using var app = new ZaskApp(new ZaskAppOptions { Name = "shop", RootPath = dir.Path, EnvironmentPrefix = null });
        var seen = new ConcurrentQueue<string>();
        app.Events.Subscribe("user_added", payload => seen.Enqueue((string)payload[0]!));
        await Features.Events(app).WaitAsync(Patience);
        seen.Should().Equal("alice", "bob");
    }

    [Fact]
    public async Task The_app_hooks_sample_warms_the_cache_before_the_start_and_flushes_on_stop()
    {
        using var dir = new TempDir();
        await using var app = new ZaskApp(new ZaskAppOptions { Name = "shop", RootPath = dir.Path, EnvironmentPrefix = null });
        app.Services.AddSingleton<PriceCache>();
        app.Services.AddScoped<AuditTrail>();
        Features.AppHooks(app);
        await app.StartAsync();
        app.ServiceProvider.GetRequiredService<PriceCache>().Warm.Should().BeTrue();
        await app.StopAsync();
    }

    [Fact]
    public async Task The_remote_events_sample_publishes_and_subscribes_as_configured()
    {
        using var dir = new TempDir();
        var (json, endpoints) = Settings.Localize(MarkdownBlocks.Json("feat-events-entry"));
        await using var listener = Settings.App(dir, json, "listener");
        var seen = new ConcurrentQueue<string>();
        listener.Events.Subscribe("user_added", payload => seen.Enqueue((string)payload[0]!));
        await using var subscription = new ZeroRpcExtension(listener).SubscribeEvents("users");
        subscription.Endpoint.Should().Be(endpoints["tcp://10.0.0.1:5001"]);

        using var publisherDir = new TempDir();
        await using var users = new ZaskApp(new ZaskAppOptions { Name = "users", RootPath = publisherDir.Path, EnvironmentPrefix = null });
        await using var relay = new ZeroRpcExtension(users).PublishEvents(subscription.Endpoint);
        await Eventually.True(() =>
        {
            users.Events.Publish("user_added", "alice");
            return seen.Contains("alice");
        }, "user_added received by the subscriber", Patience);
    }
}
