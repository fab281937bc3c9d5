using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Zask.Events;
using Zask.Jobs;

namespace Zask;

/// <summary>
/// The application object: configuration (<see cref="Config"/>), logging (<see cref="Logger"/>,
/// <see cref="AccessLog"/>), dependency injection (<see cref="Services"/>), extensions and a .NET generic host that
/// runs the hosted services (e.g. a ZeroRPC server) with graceful shutdown.
/// </summary>
/// <example>
/// <code>
/// var app = new ZaskApp("orders");
/// app.Config.FromFile("settings.json");
/// app.Config.FromEnvVar("CONFIG_PATH", optional: true);
/// app.Logger.LogInformation("Config loaded");
/// await app.RunAsync();
/// </code>
/// </example>
public sealed class ZaskApp : IDisposable, IAsyncDisposable
{
    private const string FallbackName = "zask";

    // Extra time the host gets over the grace period for its own bookkeeping (lifetime events, logging).
    private static readonly TimeSpan StopSlack = TimeSpan.FromSeconds(1);

    // The observer registered in the creating flow (ZaskApp.Observe), kept by each app it saw.
    private static readonly AsyncLocal<IZaskAppObserver?> CurrentObserver = new();

    private readonly HostApplicationBuilder _builder;
    private readonly IZaskAppObserver? _observer;
    private readonly LoggingPipeline _logging;
    private readonly Lock _sync = new();
    private readonly AppLifeHooks _lifeHooks;
    private IHost? _host;
    private TimeSpan _gracePeriod;
    private Task? _runLoop;
    private bool _startedWithoutRun;
    private bool _disposed;

    /// <summary>Creates an application with the given name and default options.</summary>
    /// <param name="name">The application name (logger category).</param>
    public ZaskApp(string name)
        : this(new ZaskAppOptions { Name = name })
    {
    }

    /// <summary>Creates an application.</summary>
    /// <param name="options">Name, root folder, command-line arguments and environment prefix.</param>
    public ZaskApp(ZaskAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = string.IsNullOrWhiteSpace(options.Name) ? EntryAssemblyName() : options.Name;
        RootPath = Path.GetFullPath(options.RootPath ?? AppContext.BaseDirectory);
        Config = new Config(RootPath, options.EnvironmentPrefix);

        _logging = new LoggingPipeline(Config);
        Logger = _logging.Factory.CreateLogger(Name);
        AccessLog = new AccessLog(_logging.Factory.CreateLogger(AccessLog.CategoryName));

        // File watching of appsettings.json is off: Zask config is loaded explicitly, and watchers per app add up.
        var hostConfiguration = new ConfigurationManager();
        hostConfiguration.AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = "false" });
        _builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = options.Args,
            ApplicationName = Name,
            ContentRootPath = RootPath,
            Configuration = hostConfiguration,
        });

        // Chained last so Zask config wins over appsettings.json, DOTNET_ variables and command-line arguments; the
        // chained provider follows the config's reload token, so host services see later changes too.
        _builder.Configuration.AddConfiguration(Config.Configuration, shouldDisposeConfiguration: false);
        _builder.Logging.ClearProviders();
        _builder.Logging.AddProvider(new SerilogLoggerProvider(_logging.Root, dispose: false));
        _builder.Services.AddSingleton(this);
        _builder.Services.AddSingleton(Config);
        _builder.Services.AddSingleton(AccessLog);

        // First of the hosted services: starting hooks run before anything else starts (or binds).
        _lifeHooks = new AppLifeHooks(Logger);
        _builder.Services.AddSingleton<IHostedService>(services =>
        {
            _lifeHooks.Attach(services);
            return _lifeHooks;
        });
        Events = new EventBus(() => _host?.Services ?? Build().Services, () => ShutdownGracePeriod, _logging.Factory.CreateLogger("Zask.Events"));
        _builder.Services.AddSingleton(Events);
        Jobs = new JobCollection(_builder.Services, () => IsBuilt);
        _observer = CurrentObserver.Value;
        _observer?.OnCreated(this);
    }

    /// <summary>
    /// Where log lines written while a call is served find that call's id, which they carry as <c>call_id</c> (the
    /// ZeroRPC extension sets it to the request chain's id). Their <c>trace_id</c> and <c>span_id</c> come from the
    /// current span.
    /// </summary>
    public Func<string?>? LogCallId
    {
        get => _logging.CallContext.CallId;
        set => _logging.CallContext.CallId = value;
    }

    /// <summary>The application name; the category of <see cref="Logger"/>.</summary>
    public string Name { get; }

    /// <summary>
    /// The absolute root folder: relative config files and log paths are resolved from it and it is the host's content
    /// root. Defaults to <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    public string RootPath { get; }

    /// <summary>The layered configuration.</summary>
    public Config Config { get; }

    /// <summary>
    /// The configuration <see cref="Config"/> is a view of (<see cref="Config.Configuration"/>; nested values as
    /// sections). After <see cref="Build"/>, the host's <see cref="IConfiguration"/> service also contains these
    /// values, layered over appsettings.json, environment variables and command-line arguments.
    /// </summary>
    public IConfiguration Configuration => Config.Configuration;

    /// <summary>
    /// The application logger (category <see cref="Name"/>). With <c>DEBUG</c> true everything goes to the console;
    /// otherwise Error and above go to the <c>ERROR_LOG</c> file. The sinks are chosen from the configuration when
    /// first used, and again whenever those keys change.
    /// </summary>
    public ILogger Logger { get; }

    /// <summary>The logger factory behind <see cref="Logger"/>; loggers it creates share the same sinks.</summary>
    public ILoggerFactory LoggerFactory => _logging.Factory;

    /// <summary>The access log middlewares write to (console with <c>DEBUG</c>, else the <c>ZERORPC_ACCESS_LOG</c> file).</summary>
    public AccessLog AccessLog { get; }

    /// <summary>
    /// The app's in-process event bus: publish named events, subscribe handlers by name (also a singleton service).
    /// Handlers run in their own dependency-injection scopes, on the app's services (built when the first event is
    /// handled).
    /// </summary>
    public EventBus Events { get; }

    /// <summary>Registered extensions by name (Flask's <c>app.extensions</c>).</summary>
    public IDictionary<string, object> Extensions { get; } = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);

    /// <summary>
    /// The app's scheduled jobs: interval and cron jobs that run inside the host while the app runs, each run in its
    /// own DI scope (see <see cref="JobCollection"/>).
    /// </summary>
    public JobCollection Jobs { get; }

    /// <summary>The host builder, for advanced host configuration before <see cref="Build"/>.</summary>
    public HostApplicationBuilder HostBuilder => _builder;

    /// <summary>
    /// The services for dependency injection. <see cref="ZaskApp"/>, <see cref="Zask.Config"/> and
    /// <see cref="Zask.AccessLog"/> are registered as singletons.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has been built; services can no longer be added.</exception>
    public IServiceCollection Services => IsBuilt
        ? throw new InvalidOperationException("The application has been built; services can no longer be registered.")
        : _builder.Services;

    /// <summary>Whether <see cref="Build"/> has run (explicitly or through <see cref="RunAsync"/> / <see cref="StartAsync"/>).</summary>
    public bool IsBuilt => _host is not null;

    /// <summary>The built service provider.</summary>
    /// <exception cref="InvalidOperationException">The app has not been built yet.</exception>
    public IServiceProvider ServiceProvider => _host?.Services
        ?? throw new InvalidOperationException("The application has not been built yet; call Build(), StartAsync() or RunAsync() first.");

    /// <summary>
    /// How long hosted services get to finish in-flight work when the app stops: <c>SHUTDOWN_GRACE_PERIOD</c>
    /// seconds, read when the app is built (before that, from the current configuration).
    /// </summary>
    /// <exception cref="ConfigException">The setting is not a non-negative number.</exception>
    public TimeSpan ShutdownGracePeriod => IsBuilt ? _gracePeriod : ReadGracePeriod();

    /// <summary>Creates an application from command-line arguments, named after the entry assembly.</summary>
    /// <param name="args">Command-line arguments, handed to the host builder.</param>
    /// <param name="configure">Optional changes to the options (root folder, name, environment prefix).</param>
    /// <returns>The new application.</returns>
    public static ZaskApp Create(string[] args, Action<ZaskAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ZaskAppOptions { Args = args, Name = EntryAssemblyName() };
        configure?.Invoke(options);
        return new ZaskApp(options);
    }

    /// <summary>
    /// Hands every app created in the current async flow, until the returned handle is disposed, to
    /// <paramref name="observer"/> (see <see cref="IZaskAppObserver"/>). Test hosts use it; apps created in other
    /// flows (other tests running in parallel) are not seen.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Disposing it ends the observation (the observer already given to an app stays with that app).</returns>
    public static IDisposable Observe(IZaskAppObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var previous = CurrentObserver.Value;
        CurrentObserver.Value = observer;
        return new Observation(previous);
    }

    /// <summary>Registers a hosted service instance that runs with the app.</summary>
    /// <param name="service">The service; it is started and stopped with the host (and not disposed by it).</param>
    public void AddHostedService(IHostedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        Services.AddSingleton(service);
    }

    /// <summary>
    /// Runs <paramref name="hook"/> when the app starts, before any hosted service (e.g. to warm a cache or check a
    /// dependency). Hooks run in registration order; one that throws stops the app from starting:
    /// <see cref="RunAsync"/> and <see cref="StartAsync"/> throw its exception, after logging its message.
    /// </summary>
    public void OnStarting(Func<IServiceProvider, CancellationToken, Task> hook) => AddHook(AppLifePhase.Starting, hook);

    /// <summary>Runs <paramref name="hook"/> when the app starts, before any hosted service (see the async overload).</summary>
    public void OnStarting(Action<IServiceProvider> hook) => AddHook(AppLifePhase.Starting, hook);

    /// <summary>Runs <paramref name="hook"/> once every hosted service has started; one that throws fails the start.</summary>
    public void OnStarted(Func<IServiceProvider, CancellationToken, Task> hook) => AddHook(AppLifePhase.Started, hook);

    /// <summary>Runs <paramref name="hook"/> once every hosted service has started; one that throws fails the start.</summary>
    public void OnStarted(Action<IServiceProvider> hook) => AddHook(AppLifePhase.Started, hook);

    /// <summary>
    /// Runs <paramref name="hook"/> when the app begins to stop, before the hosted services stop (e.g. to flush a
    /// buffer while servers still answer). A hook that throws is logged; the others and the stop carry on.
    /// </summary>
    public void OnStopping(Func<IServiceProvider, CancellationToken, Task> hook) => AddHook(AppLifePhase.Stopping, hook);

    /// <summary>Runs <paramref name="hook"/> when the app begins to stop (see the async overload).</summary>
    public void OnStopping(Action<IServiceProvider> hook) => AddHook(AppLifePhase.Stopping, hook);

    /// <summary>Runs <paramref name="hook"/> after every hosted service has stopped; a hook that throws is logged.</summary>
    public void OnStopped(Func<IServiceProvider, CancellationToken, Task> hook) => AddHook(AppLifePhase.Stopped, hook);

    /// <summary>Runs <paramref name="hook"/> after every hosted service has stopped; a hook that throws is logged.</summary>
    public void OnStopped(Action<IServiceProvider> hook) => AddHook(AppLifePhase.Stopped, hook);

    /// <summary>
    /// Builds the host (once): applies the configured logging and sets the host's shutdown timeout to
    /// <c>SHUTDOWN_GRACE_PERIOD</c>. Later calls return the same host.
    /// </summary>
    /// <returns>The host.</returns>
    /// <exception cref="ConfigTypeException"><c>DEBUG</c>, <c>ERROR_LOG</c>, <c>ZERORPC_ACCESS_LOG</c> or
    /// <c>SHUTDOWN_GRACE_PERIOD</c> holds a value of the wrong type.</exception>
    public IHost Build()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_host is not null)
            {
                return _host;
            }

            _observer?.OnBuilding(this);
            // A mistyped built-in setting stops the app here instead of being replaced by its default.
            CheckBuiltInSettings();
            _logging.EnsureConfigured();
            _gracePeriod = ReadGracePeriod();
            // Traces and metrics, when the config or the OTEL_* environment asks for them (a malformed setting
            // stops the app here, naming it).
            Telemetry.TelemetrySetup.AddTo(_builder.Services,
                Telemetry.TelemetrySettings.Read(Config, Environment.GetEnvironmentVariable), Name);
            var grace = _gracePeriod;
            _builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = grace);
            _host = _builder.Build();
            // Traces and metrics start with the app's build, not with its hosted services: a server that serves
            // before the host has started its last service has its first calls measured too.
            Telemetry.TelemetrySetup.Start(_host.Services);
            return _host;
        }
    }

    /// <summary>Runs the app until Ctrl-C, SIGTERM, <see cref="StopAsync"/> or cancellation, then stops gracefully.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Starts the hosted services and waits until Ctrl-C / SIGTERM (the host's console lifetime), a call to
    /// <see cref="StopAsync"/> or cancellation of <paramref name="cancellationToken"/>. It then stops the services,
    /// giving them <see cref="ShutdownGracePeriod"/> to drain; a service still busy after that is abandoned. Returns
    /// normally after the stop, so a <c>Main</c> that awaits it exits with code 0.
    /// </summary>
    /// <param name="cancellationToken">Cancelling it stops the app gracefully.</param>
    /// <returns>A task completing once the app has stopped.</returns>
    /// <exception cref="InvalidOperationException">The app is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var host = Build();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_runLoop is { IsCompleted: false } || _startedWithoutRun)
            {
                throw new InvalidOperationException("The application is already running.");
            }

            _runLoop = finished.Task;
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            await WhenEitherCancelled(lifetime.ApplicationStopping, cancellationToken).ConfigureAwait(false);
            await StopHostAsync(host).ConfigureAwait(false);
        }
        finally
        {
            finished.TrySetResult();
        }
    }

    /// <summary>Builds the app if needed and starts its hosted services without waiting for shutdown.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    /// <returns>A task completing once the services have started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var host = Build();
        lock (_sync)
        {
            if (_runLoop is { IsCompleted: false } || _startedWithoutRun)
            {
                throw new InvalidOperationException("The application is already running.");
            }

            _startedWithoutRun = true;
        }

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the app gracefully: hosted services get <see cref="ShutdownGracePeriod"/> to finish. When
    /// <see cref="RunAsync"/> is running, it is told to stop and this waits for it to return.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shutdown itself carries on).</param>
    /// <returns>A task completing once the app has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var host = _host;
        if (host is null)
        {
            return;
        }

        Task? runLoop;
        bool started;
        lock (_sync)
        {
            runLoop = _runLoop is { IsCompleted: false } ? _runLoop : null;
            started = _startedWithoutRun;
            _startedWithoutRun = false;
        }

        if (runLoop is not null)
        {
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await runLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (started)
        {
            await StopHostAsync(host).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the host and flushes and closes the log files.</summary>
    public void Dispose()
    {
        if (!MarkDisposed())
        {
            return;
        }

        // Before the host: pending events' handlers still need its services.
        Events.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _host?.Dispose();
        Config.Dispose();
        _logging.Dispose();
    }

    /// <summary>Disposes the host asynchronously and flushes and closes the log files.</summary>
    /// <returns>A task completing once everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!MarkDisposed())
        {
            return;
        }

        // Before the host: pending events' handlers still need its services.
        await Events.DisposeAsync().ConfigureAwait(false);
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host?.Dispose();
        }

        Config.Dispose();
        _logging.Dispose();
    }

    private void AddHook(AppLifePhase phase, Func<IServiceProvider, CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _lifeHooks.Add(phase, hook);
    }

    private void AddHook(AppLifePhase phase, Action<IServiceProvider> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _lifeHooks.Add(phase, (services, _) =>
        {
            hook(services);
            return Task.CompletedTask;
        });
    }

    private static string EntryAssemblyName() => Assembly.GetEntryAssembly()?.GetName().Name ?? FallbackName;

    private static async Task WhenEitherCancelled(CancellationToken first, CancellationToken second)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var a = first.Register(() => signal.TrySetResult());
        using var b = second.Register(() => signal.TrySetResult());
        await signal.Task.ConfigureAwait(false);
    }

    private void CheckBuiltInSettings()
    {
        Config.GetValueOrDefault(ConfigKeys.Debug, true);
        Config.GetValueOrDefault<string?>(ConfigKeys.ErrorLog, null);
        Config.GetValueOrDefault<string?>(ConfigKeys.ZeroRpcAccessLog, null);
    }

    private TimeSpan ReadGracePeriod()
    {
        var seconds = Config.GetValueOrDefault(ConfigKeys.ShutdownGracePeriod, 30.0);
        if (double.IsNaN(seconds) || seconds < 0 || seconds > int.MaxValue / 1000.0)
        {
            throw new ConfigTypeException(ConfigKeys.ShutdownGracePeriod, typeof(double), Config[ConfigKeys.ShutdownGracePeriod])
            {
                Provider = Config.Origin(ConfigKeys.ShutdownGracePeriod),
            };
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private async Task StopHostAsync(IHost host)
    {
        var grace = _gracePeriod;
        using var timeout = new CancellationTokenSource(grace);
        var stopping = host.StopAsync(timeout.Token);
        try
        {
            // The host cancels the services' StopAsync token after the grace period; a service that ignores the
            // token must not keep the process alive, so waiting is capped as well.
            await stopping.WaitAsync(grace + StopSlack).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            AppLifeLog.HostedServicesAbandoned(Logger, grace);
        }
    }

    private sealed class Observation(IZaskAppObserver? previous) : IDisposable
    {
        public void Dispose() => CurrentObserver.Value = previous;
    }

    private bool MarkDisposed()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            return true;
        }
    }
}
