namespace Zask.ZeroRpc.Patterns;

/// <summary>A value and the type to serialize it as (its declared type, so <c>object</c> means "runtime type").</summary>
internal readonly record struct TypedValue(object? Value, Type Type);
