namespace Zask;

/// <summary>
/// A Flask-style extension. Extensions support both <c>new Ext(app)</c> and the application-factory form
/// <c>var ext = new Ext(); ext.InitApp(app);</c>; <see cref="InitApp"/> reads the app's config, registers services and
/// records itself in <see cref="ZaskApp.Extensions"/>.
/// </summary>
public interface IZaskExtension
{
    /// <summary>Binds the extension to an application.</summary>
    /// <param name="app">The application.</param>
    void InitApp(ZaskApp app);
}
