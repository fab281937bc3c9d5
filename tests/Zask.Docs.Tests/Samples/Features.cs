using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Zask;
using Zask.Events;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:feat-validation
public sealed class SignupRequest
{
    [Required, StringLength(20, MinimumLength = 3)]
    public string? Username { get; set; }

    [Required, EmailAddress]
    public string? Email { get; set; }
}

public sealed class Accounts
{
    // Checked before the method runs; a caller gets ValidationError naming each failing field.
    public string Rename([Required, RegularExpression("^[a-z0-9_]+$")] string username,
        [Range(13, 130)] int age) => $"{username} ({age})";

    // The properties of a complex parameter are checked too: "signup.email: EmailAddress: ...".
    public string Signup(SignupRequest signup) => signup.Username!;
}
#endregion

#region docs:feat-roles
[ZeroRpcService("billing")]
public sealed class Billing
{
    public double Balance(string account) => 0;

    // Refused with Forbidden unless the caller's access key is in the "admin" role.
    [RequireRole("admin")]
    public void Refund(string account, double amount) { }

    // Any one of the roles will do.
    [RequireRole("admin", "auditor")]
    public string[] Ledger(string account) => [];
}
#endregion

#region docs:feat-event-handler
public sealed class WelcomeMail(ILogger<WelcomeMail> logger)
{
    // Made for each event in its own scope; the payload binds to the parameters by position.
    [OnEvent("user_added")]
    public async Task OnUserAdded(string username, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        logger.LogInformation("Welcome mail sent to {User}", username);
    }
}
#endregion

public static class Features
{
    public static ZeroRpcExtension CallHooks(ZaskApp app)
    {
        #region docs:feat-call-hooks
        var rpc = new ZeroRpcExtension(app);
        // Every call of every server of the app:
        rpc.Hooks.BeforeCall((call, services) =>
        {
            if (call.GetRequestHeaderString("tenant") is null)
            {
                throw new ZeroRpcException("MissingTenant", "send a tenant header");   // refuses the call
            }
        });
        rpc.Hooks.AfterCall((call, services) =>
            app.Logger.LogInformation("{Method}: {Outcome}", call.MethodName, call.Exception?.Message ?? "ok"));
        // Only the calls of one service, after the app's hooks; async hooks are awaited:
        rpc.HooksFor("billing").Teardown(async (call, services) =>
            await services.GetRequiredService<AuditTrail>().FlushAsync());
        #endregion
        return rpc;
    }

    public static void AppHooks(ZaskApp app)
    {
        #region docs:feat-app-hooks
        app.OnStarting(async (services, cancellationToken) =>
        {
            // Throwing here stops the app before anything serves: RunAsync throws, with this message.
            await services.GetRequiredService<PriceCache>().WarmAsync(cancellationToken);
        });
        app.OnStarted(services => app.Logger.LogInformation("ready"));
        app.OnStopping(services => services.GetRequiredService<AuditTrail>().Flush());  // servers still answer
        app.OnStopped(services => app.Logger.LogInformation("bye"));
        #endregion
    }

    public static async Task Events(ZaskApp app)
    {
        #region docs:feat-events
        app.Events.Subscribe<WelcomeMail>();                                   // [OnEvent] methods
        app.Events.Subscribe("user_added", payload => Console.WriteLine($"added {payload[0]}"));

        app.Events.Publish("user_added", "alice");                             // returns at once
        await app.Events.PublishAsync("user_added", "bob");                   // returns once every handler ran
        #endregion
    }

    public static void RemoteEvents(ZaskApp app)
    {
        #region docs:feat-remote-events
        var rpc = new ZeroRpcExtension(app);
        // Every event this app publishes also goes out as a zerorpc call "user_added"("alice") on a PUB socket
        // (a server whose entry has "events" does this by itself):
        rpc.PublishEvents("tcp://0.0.0.0:5001");
        // The events another service publishes (the "events" endpoint of ZERORPC_USERS) run this app's handlers:
        rpc.SubscribeEvents("users");
        #endregion
    }
}

/// <summary>A scoped service of the samples: flushes an audit buffer.</summary>
public sealed class AuditTrail
{
    public List<string> Lines { get; } = [];

    public void Flush() => Lines.Clear();

    public Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }
}

/// <summary>A singleton of the samples: prices loaded at start.</summary>
public sealed class PriceCache
{
    public bool Warm { get; private set; }

    public Task WarmAsync(CancellationToken cancellationToken)
    {
        Warm = true;
        return Task.CompletedTask;
    }
}
