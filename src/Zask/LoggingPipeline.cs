using System.Globalization;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Zask;

/// <summary>
/// The application's Serilog pipeline. A fixed root logger forwards every event to an inner logger that is built
/// from the configuration on first use and rebuilt when DEBUG / ERROR_LOG / ZERORPC_ACCESS_LOG change, so that
/// settings loaded after the app was created (a file, <c>ZASK_DEBUG=false</c>) still take effect.
/// </summary>
internal sealed class LoggingPipeline : IDisposable
{
    // CallTrace (trace_id, span_id, call_id) is there only on lines written while a call is served.
    private const string ConsoleTemplate = "[{UtcTimestamp:yyyy-MM-dd HH:mm:ss.fff}Z {Level:u3}] {SourceContext}: {Message:lj}{CallTrace:l}{NewLine}{Exception}";
    // The access line keeps its own layout on the console too: it names the call already.
    private const string AccessConsoleTemplate = "[{UtcTimestamp:yyyy-MM-dd HH:mm:ss.fff}Z {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string ErrorTemplate = "{UtcTimestamp:yyyy-MM-dd HH:mm:ss.fff}Z [{Level:u}] {SourceContext} ({SourceLocation}): {Message:lj}{CallTrace:l}{NewLine}{Exception}";
    private const string AccessTemplate = "{Message:l}{NewLine}";

    // Roll by size rather than by day so the live file keeps exactly the configured name.
    private const long FileSizeLimitBytes = 50L * 1024 * 1024;
    private const int RetainedFileCount = 10;
    // Lines waiting for the access log's writer thread; a full queue makes callers wait (no line is dropped).
    private const int AccessQueueLength = 10_000;
    // How long an access line may wait in the file buffer before it is on disk.
    private static readonly TimeSpan AccessFlushInterval = TimeSpan.FromSeconds(1);

    private readonly Config _config;
    private readonly Lock _sync = new();
    private readonly Logger _root;
    private Logger? _inner;
    private Settings? _settings;
    private volatile bool _dirty = true;
    private bool _disposed;

    public LoggingPipeline(Config config)
    {
        _config = config;
        _config.Changed += OnConfigChanged;
        _root = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .Enrich.With(new SourceLocationEnricher())
            .Enrich.With(CallContext)
            .WriteTo.Sink(new Forwarder(this))
            .CreateLogger();
        Factory = new SerilogLoggerFactory(_root, dispose: false);
    }

    public Serilog.ILogger Root => _root;

    /// <summary>Adds the trace and call ids to the lines written while a call is served.</summary>
    public Telemetry.CallContextEnricher CallContext { get; } = new();

    public Microsoft.Extensions.Logging.ILoggerFactory Factory { get; }

    /// <summary>Whether the current sinks are the console ones (for diagnostics and tests).</summary>
    public bool IsDebug
    {
        get
        {
            lock (_sync)
            {
                EnsureCurrent();
                return _settings!.Debug;
            }
        }
    }

    /// <summary>Builds (or rebuilds) the sinks now from the current configuration.</summary>
    public void EnsureConfigured()
    {
        lock (_sync)
        {
            EnsureCurrent();
        }
    }

    /// <summary>Flushes and closes the log files; later events are dropped.</summary>
    public void Dispose()
    {
        _config.Changed -= OnConfigChanged;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _inner?.Dispose();
            _inner = null;
        }

        Factory.Dispose();
        _root.Dispose();
    }

    private static bool IsAccess(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var value) &&
        value is ScalarValue { Value: AccessLog.CategoryName };

    private static Logger Build(Settings settings)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.Debug ? LogEventLevel.Verbose : LogEventLevel.Information);
        if (settings.Debug)
        {
            return WithQueuedAccessLines(configuration,
                    others => others.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture),
                    access => access.Console(outputTemplate: AccessConsoleTemplate, formatProvider: CultureInfo.InvariantCulture))
                .CreateLogger();
        }

        return WithQueuedAccessLines(configuration,
                errors => errors.File(
                    settings.ErrorLog,
                    restrictedToMinimumLevel: LogEventLevel.Error,
                    outputTemplate: ErrorTemplate,
                    formatProvider: CultureInfo.InvariantCulture,
                    fileSizeLimitBytes: FileSizeLimitBytes,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: RetainedFileCount),
                // Buffered: the file gets the lines when the buffer is full and at least every AccessFlushInterval,
                // instead of one write per line.
                access => access.File(
                    settings.AccessLog,
                    outputTemplate: AccessTemplate,
                    formatProvider: CultureInfo.InvariantCulture,
                    fileSizeLimitBytes: FileSizeLimitBytes,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: RetainedFileCount,
                    buffered: true,
                    flushToDiskInterval: AccessFlushInterval))
            .CreateLogger();
    }

    /// <summary>
    /// Access lines to <paramref name="access"/> through a queue, every other line to <paramref name="others"/> at
    /// once. An access line is logged, one per call, by the thread that served the call (a server's I/O thread), which
    /// must not wait on a disk or a console: a worker thread writes the queued lines. Past AccessQueueLength pending
    /// lines the caller waits rather than lines being lost; disposing the logger writes out everything queued.
    /// </summary>
    private static LoggerConfiguration WithQueuedAccessLines(LoggerConfiguration configuration,
        Action<LoggerSinkConfiguration> others, Action<LoggerSinkConfiguration> access) =>
        configuration
            .WriteTo.Logger(app => others(app.Filter.ByExcluding(IsAccess).WriteTo))
            .WriteTo.Logger(lines => lines
                .Filter.ByIncludingOnly(IsAccess)
                .WriteTo.Async(access, bufferSize: AccessQueueLength, blockWhenFull: true));

    private void OnConfigChanged(object? sender, EventArgs e) => _dirty = true;

    private void Write(LogEvent logEvent)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            EnsureCurrent();
            _inner!.Write(logEvent);
        }
    }

    private void EnsureCurrent()
    {
        if (_disposed || (!_dirty && _inner is not null))
        {
            return;
        }

        _dirty = false;
        var settings = Settings.Read(_config);
        if (_inner is not null && settings == _settings)
        {
            return;
        }

        // Disposing the previous logger flushes and closes its files before new ones may open the same paths.
        _inner?.Dispose();
        _inner = Build(settings);
        _settings = settings;
    }

    private sealed record Settings(bool Debug, string ErrorLog, string AccessLog)
    {
        public static Settings Read(Config config) => new(
            Read(config, ConfigKeys.Debug, true),
            Path.GetFullPath(Read(config, ConfigKeys.ErrorLog, "/tmp/zask.error.log"), config.RootPath),
            Path.GetFullPath(Read(config, ConfigKeys.ZeroRpcAccessLog, "/tmp/zask.access.log"), config.RootPath));

        // Logging must keep working with a mistyped setting: fall back to the default and say so.
        private static T Read<T>(Config config, string key, T fallback)
        {
            try
            {
                return config.GetValueOrDefault(key, fallback);
            }
            catch (ConfigTypeException ex)
            {
                Serilog.Debugging.SelfLog.WriteLine("Zask logging: {0} Using the default {1}.", ex.Message, fallback);
                return fallback;
            }
        }
    }

    private sealed class Forwarder(LoggingPipeline pipeline) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => pipeline.Write(logEvent);
    }
}
