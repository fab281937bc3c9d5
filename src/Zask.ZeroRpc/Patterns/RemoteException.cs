namespace Zask.ZeroRpc.Patterns;

/// <summary>
/// The server answered a call with an error (<c>ERR [name, message, traceback]</c>). <see cref="Name"/> is the
/// remote exception's type name, for example <c>"ValueError"</c> from Python or <c>"NoSuchAccessKey"</c>.
/// </summary>
public class RemoteException : Exception
{
    /// <summary>Creates the exception from the three parts of an <c>ERR</c> event.</summary>
    public RemoteException(string name, string message, string? remoteTraceback)
        : base(string.IsNullOrEmpty(message) ? name : $"{name}: {message}")
    {
        Name = name;
        RemoteMessage = message;
        RemoteTraceback = remoteTraceback;
    }

    /// <summary>The remote error's name.</summary>
    public string Name { get; }

    /// <summary>The remote error's message, without the name.</summary>
    public string RemoteMessage { get; }

    /// <summary>The server's traceback, when it sent one.</summary>
    public string? RemoteTraceback { get; }
}
