namespace Zask;

/// <summary>The moments of an app's life that hooks run at (<see cref="ZaskApp.OnStarting(Func{IServiceProvider, CancellationToken, Task})"/> and the others).</summary>
public enum AppLifePhase
{
    /// <summary>Before any hosted service starts (before servers bind). A hook that throws stops the app from starting.</summary>
    Starting,

    /// <summary>Once every hosted service has started. A hook that throws fails the start too.</summary>
    Started,

    /// <summary>When the app begins to stop, before the hosted services stop (servers still serve).</summary>
    Stopping,

    /// <summary>After every hosted service has stopped.</summary>
    Stopped,
}
