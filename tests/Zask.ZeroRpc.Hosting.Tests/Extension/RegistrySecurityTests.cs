using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zask.Registry.Etcd;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>
/// Registration and resolution through etcd over TLS and with a user and password (.ci/start-etcd.sh's secured
/// members), and the precise errors of a wrong password or an untrusted authority while the server keeps serving.
/// </summary>
public class RegistrySecurityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A service that says which server answered.</summary>
    public sealed class Tagged(string tag)
    {
        public string Who() => tag;
    }

    private static Dictionary<string, object> Entry(string registry, params (string Key, object Value)[] more)
    {
        var entry = new Dictionary<string, object>
        {
            ["registry"] = registry, ["default"] = "1.0", ["advertise"] = "127.0.0.1", ["access_key"] = "test-key",
        };
        foreach (var (key, value) in more)
        {
            entry[key] = value;
        }
        return entry;
    }

    private static TestApp AppFor(Dictionary<string, object> entry) =>
        new(new Dictionary<string, object> { ["SHUTDOWN_GRACE_PERIOD"] = 2, ["ZERORPC_TAGGED"] = entry });

    private static async Task<(TestApp App, string Endpoint, EtcdServiceRegistration Registration)> StartServerAsync(Dictionary<string, object> entry)
    {
        var app = AppFor(entry);
        var server = new ZeroRpcExtension(app.App).Server(new Tagged("a"), new ZeroRpcServerOptions { Name = "tagged" });
        server.Bind("tcp://127.0.0.1:0");
        await app.App.StartAsync();
        var registration = app.App.ServiceProvider.GetServices<IHostedService>().OfType<ZeroRpcServerHostedService>().Single().Registration
            ?? throw new InvalidOperationException("the server has no registration");
        return (app, server.Endpoints.Single(), registration);
    }

    /// <summary>A client of the entry (through the registry), asking <c>who</c> once.</summary>
    private static async Task<string> CallThroughRegistryAsync(Dictionary<string, object> entry, TimeSpan timeout)
    {
        await using var caller = AppFor(entry);
        await using var client = new ZeroRpcExtension(caller.App).Client("tagged", options: new ZeroRpcClientOptions { Timeout = timeout });
        return await client.CallAsync<string>("who");
    }

    /// <summary>A client of the server's own endpoint, no registry involved.</summary>
    private static async Task<string> CallDirectAsync(string endpoint)
    {
        await using var caller = AppFor(new Dictionary<string, object> { ["1.0"] = endpoint, ["default"] = "1.0", ["access_key"] = "test-key" });
        await using var client = new ZeroRpcExtension(caller.App).Client("tagged");
        return await client.CallAsync<string>("who");
    }

    /// <summary>
    /// Starts a server of <paramref name="entry"/>, which etcd refuses: checks that the registration reports a problem
    /// naming <paramref name="setting"/>, that the server serves on its endpoint anyway, and that a client of the entry
    /// fails with that same problem; returns it.
    /// </summary>
    private static async Task<string> RefusedButServingAsync(Dictionary<string, object> entry, string setting)
    {
        var (server, endpoint, registration) = await StartServerAsync(entry);
        await using var _ = server;

        await Eventually.True(() => registration.Problem is not null, "the registration reports why etcd refused it", Patience);
        var problem = registration.Problem!;
        problem.Should().StartWith(setting + ": ");
        registration.IsRegistered.Should().BeFalse();
        (await CallDirectAsync(endpoint)).Should().Be("a", "the server serves on its endpoint without the registry");
        var call = () => CallThroughRegistryAsync(entry, TimeSpan.FromSeconds(15));
        (await call.Should().ThrowAsync<EndpointUnavailableException>()).Which.Message.Should().Contain(setting + ": ");
        return problem;
    }

    [EtcdSecuredFact]
    public async Task Over_tls_with_the_entrys_ca_file_a_server_registers_and_a_client_resolves_it()
    {
        EtcdTestServers.SecuredRequirement.EnsureMet();
        var entry = Entry(EtcdTestServers.RegistryUri(EtcdTestServers.Tls!, scheme: "etcds"), ("registry_ca_file", EtcdTestServers.TlsCa!));
        var (server, _, registration) = await StartServerAsync(entry);
        await using var _ = server;

        await registration.WaitRegisteredAsync().WaitAsync(Patience);
        (await CallThroughRegistryAsync(entry, Patience)).Should().Be("a");
    }

    [EtcdSecuredFact]
    public async Task With_the_entrys_user_and_password_a_server_registers_and_a_client_resolves_it()
    {
        EtcdTestServers.SecuredRequirement.EnsureMet();
        var entry = Entry(EtcdTestServers.RegistryUri(EtcdTestServers.Auth!),
            ("registry_username", EtcdTestServers.AuthUser!), ("registry_password", EtcdTestServers.AuthPassword!));
        var (server, _, registration) = await StartServerAsync(entry);
        await using var _ = server;

        await registration.WaitRegisteredAsync().WaitAsync(Patience);
        (await CallThroughRegistryAsync(entry, Patience)).Should().Be("a");
    }

    [EtcdSecuredFact]
    public async Task With_user_and_password_from_the_environment_a_showcase_registers()
    {
        EtcdTestServers.SecuredRequirement.EnsureMet();
        var registry = EtcdTestServers.RegistryUri(EtcdTestServers.Auth!);
        using var folder = new TempDir("zask-etcd-env-");
        var config = ShowcaseChild.WriteConfig(folder, "showcase", $$"""{ "registry": "{{registry}}", "default": "1.0" }""");
        using var showcase = await ShowcaseChild.StartAsync(ShowcaseChild.DllNextToTests, config, FreePort.Endpoint(), new Dictionary<string, string>
        {
            [EtcdRegistrySettings.UsernameVariable] = EtcdTestServers.AuthUser!,
            [EtcdRegistrySettings.PasswordVariable] = EtcdTestServers.AuthPassword!,
        });

        var settings = EtcdRegistrySettings.Create(registry, "test", EtcdTestServers.AuthUser, EtcdTestServers.AuthPassword, environment: _ => null);
        await Eventually.True(async () => (await EtcdServiceCatalog.ListAsync(settings)).Any(i => i.Endpoint == showcase.Endpoint),
            "the showcase registered with the user and password of its environment", Patience);
    }

    [EtcdSecuredFact]
    public async Task A_wrong_password_is_an_error_naming_the_setting_and_the_server_still_serves()
    {
        EtcdTestServers.SecuredRequirement.EnsureMet();
        var entry = Entry(EtcdTestServers.RegistryUri(EtcdTestServers.Auth!),
            ("registry_username", EtcdTestServers.AuthUser!), ("registry_password", "not-the-password"));
        var problem = await RefusedButServingAsync(entry, "ZERORPC_TAGGED.registry_password");

        problem.Should().Contain($"refused user '{EtcdTestServers.AuthUser}'").And.NotContain("not-the-password");
    }

    [EtcdSecuredFact]
    public async Task An_untrusted_authority_is_an_error_naming_the_setting_and_the_server_still_serves()
    {
        EtcdTestServers.SecuredRequirement.EnsureMet();
        var entry = Entry(EtcdTestServers.RegistryUri(EtcdTestServers.Tls!, scheme: "etcds"), ("registry_ca_file", EtcdTestServers.OtherCa!));
        var problem = await RefusedButServingAsync(entry, "ZERORPC_TAGGED.registry_ca_file");

        problem.Should().Contain($"not signed by the authority in '{EtcdTestServers.OtherCa}'");
    }
}
