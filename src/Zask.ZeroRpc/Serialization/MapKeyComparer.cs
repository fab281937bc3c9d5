using System.Collections;

namespace Zask.ZeroRpc.Serialization;

/// <summary>
/// Compares decoded map keys: numbers by value whatever their width, byte arrays by content, the rest with
/// their own equality. Without it a map keyed by <c>1</c> could not be looked up with <c>1L</c>.
/// </summary>
internal sealed class MapKeyComparer : IEqualityComparer<object>
{
    public static readonly MapKeyComparer Instance = new();

    /// <summary>Stands for a nil key, which a .NET dictionary cannot hold.</summary>
    public static readonly object NilKey = new();

    public new bool Equals(object? x, object? y)
    {
        if (x is byte[] a && y is byte[] b)
        {
            return a.AsSpan().SequenceEqual(b);
        }
        if (IsInteger(x) && IsInteger(y))
        {
            return ToDecimal(x!) == ToDecimal(y!);
        }
        return object.Equals(x, y);
    }

    public int GetHashCode(object obj) => obj switch
    {
        byte[] bytes => StructuralComparisons.StructuralEqualityComparer.GetHashCode(bytes),
        _ when IsInteger(obj) => ToDecimal(obj).GetHashCode(),
        _ => obj.GetHashCode(),
    };

    private static bool IsInteger(object? value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong;

    private static decimal ToDecimal(object value) => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
}
