namespace Zask;

/// <summary>
/// Sees the <see cref="ZaskApp"/>s created in an async flow while it is registered with
/// <see cref="ZaskApp.Observe"/>: a test host uses it to change the app that the application's own factory makes,
/// as ASP.NET Core's <c>WebApplicationFactory</c> does with the host builder.
/// </summary>
public interface IZaskAppObserver
{
    /// <summary>Called at the end of the app's constructor, before the code that created it loads anything.</summary>
    /// <param name="app">The new app.</param>
    void OnCreated(ZaskApp app);

    /// <summary>Called when the app builds its host, after all of its own registrations: the place to replace services.</summary>
    /// <param name="app">The app, not built yet (<see cref="ZaskApp.Services"/> still open).</param>
    void OnBuilding(ZaskApp app);
}
