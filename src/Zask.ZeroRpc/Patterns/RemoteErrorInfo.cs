namespace Zask.ZeroRpc.Patterns;

/// <summary>The three strings of an <c>ERR</c> event.</summary>
internal readonly record struct RemoteErrorInfo(string Name, string Message, string? Traceback);
