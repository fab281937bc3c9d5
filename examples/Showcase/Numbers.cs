using System.Globalization;
using Zask.ZeroRpc.Server;

namespace Showcase;

/// <summary>Arithmetic on decoded MessagePack numbers, keeping integers integral as Python does.</summary>
internal static class Numbers
{
    public static object Add(object a, object b)
    {
        if (IsInteger(a) && IsInteger(b))
        {
            var sum = ToDecimal(a) + ToDecimal(b);
            // Each branch boxed on its own: a conditional expression would widen all three to double.
            if (sum >= long.MinValue && sum <= long.MaxValue)
            {
                return (long)sum;
            }
            return sum <= ulong.MaxValue ? (object)(ulong)sum : (double)sum;
        }
        return ToDouble(a) + ToDouble(b);
    }

    public static double ToDouble(object value) => value switch
    {
        _ when IsInteger(value) || value is float or double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw new ZeroRpcException("TypeError", $"expected a number, got {Describe(value)}"),
    };

    private static decimal ToDecimal(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static bool IsInteger(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong;

    private static string Describe(object? value) => value switch
    {
        null => "nil",
        string s => $"str '{s}'",
        _ => value.GetType().Name,
    };
}
