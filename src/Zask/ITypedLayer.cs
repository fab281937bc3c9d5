namespace Zask;

/// <summary>
/// A configuration provider of Zask's own that remembers the CLR value behind each flattened key, so <see cref="Config"/>
/// can hand back <c>42L</c> or <c>true</c> instead of their string spellings.
/// </summary>
internal interface ITypedLayer
{
    /// <summary>The value stored at a leaf path (a scalar, null or an empty container).</summary>
    bool TryGetTyped(string path, out object? value);
}
