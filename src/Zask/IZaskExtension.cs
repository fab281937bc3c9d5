namespace Zask;

/// <summary>
/// A Flask-style extension. Extensions support both <c>new Ext(app)</c> and the application-factory form
/// <c>var ext = new Ext(); ext.InitApp(app);</c>; <see cref="InitApp"/> reads the app's config, registers services and
/// records itself in <see cref="ZaskApp.Extensions"/>.
/// </summary>
public interface IZaskExtension
{
    /// <summary>
    /// The defaults of the configuration keys the extension reads. <see cref="InitApp"/> adds them to the app's
    /// config (<see cref="Config.SetDefaults"/>) as the lowest layer, below everything the user loads.
    /// </summary>
    IReadOnlyDictionary<string, object?> ConfigDefaults => NoDefaults.Instance;

    /// <summary>Binds the extension to an application.</summary>
    /// <param name="app">The application.</param>
    void InitApp(ZaskApp app);

    // Holder so the default implementation does not allocate per call.
    private static class NoDefaults
    {
        public static readonly IReadOnlyDictionary<string, object?> Instance = new Dictionary<string, object?>();
    }
}
