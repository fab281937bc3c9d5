using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Zask.Data;

/// <summary>Settings of a <see cref="ZaskDb"/> that do not belong in the app config.</summary>
public sealed class ZaskDbOptions
{
    /// <summary>
    /// Assemblies whose <see cref="Model"/> classes are mapped. <c>null</c> (the default): the assembly that created
    /// the <see cref="ZaskDb"/>. An empty list maps only models registered with <see cref="ZaskDb.Register{T}"/>
    /// (models used through a session are registered on first use as well).
    /// </summary>
    public IList<Assembly>? ModelAssemblies { get; set; }

    /// <summary>The assembly holding the migrations; defaults to the first model assembly.</summary>
    public Assembly? MigrationsAssembly { get; set; }

    /// <summary>Where <c>SQLALCHEMY_ECHO</c> writes the SQL; defaults to the app's logger.</summary>
    public ILogger? EchoLogger { get; set; }
}
