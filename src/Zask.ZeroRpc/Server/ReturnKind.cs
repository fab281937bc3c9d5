namespace Zask.ZeroRpc.Server;

/// <summary>How a method's return value becomes a reply.</summary>
public enum ReturnKind
{
    /// <summary><c>void</c>: answered with <c>OK [nil]</c>.</summary>
    Void,

    /// <summary>A plain value: <c>OK [value]</c>.</summary>
    Value,

    /// <summary><c>Task</c> or <c>ValueTask</c>: awaited, then <c>OK [nil]</c>.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>: awaited, then <c>OK [value]</c>.</summary>
    TaskOfValue,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>, or <c>IEnumerable&lt;T&gt;</c> marked as a stream: <c>STREAM</c> events.</summary>
    Stream,
}
