using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Zask;

/// <summary>
/// Adds a <c>SourceLocation</c> property. ILogger calls carry no caller information, so the honest source is the
/// exception's own stack: the first frame with file information (<c>File.cs:42 in Type.Method</c>, when PDBs are
/// deployed), else the first frame's method. Events without an exception get <c>-</c>, unless
/// <see cref="ZaskLoggerExtensions"/> already supplied the caller through a logging scope.
/// </summary>
internal sealed class SourceLocationEnricher : ILogEventEnricher
{
    public const string PropertyName = "SourceLocation";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.ContainsKey(PropertyName))
        {
            return;
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, Describe(logEvent.Exception)));
    }

    private static string Describe(Exception? exception)
    {
        if (exception is null)
        {
            return "-";
        }

        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        var withFile = frames.FirstOrDefault(f => f.GetFileName() is not null);
        var frame = withFile ?? frames.FirstOrDefault();
        var method = frame?.GetMethod();
        if (frame is null || method is null)
        {
            return "-";
        }

        var name = $"{method.DeclaringType?.FullName ?? "?"}.{method.Name}";
        return withFile is null ? name : $"{Path.GetFileName(withFile.GetFileName())}:{withFile.GetFileLineNumber()} in {name}";
    }
}
