namespace Zask.Bench.Infrastructure;

/// <summary>
/// The 1-minute load average (Linux), recorded with the results: on a shared 2-core machine other work skews
/// every figure, and the reader should know how busy the machine was.
/// </summary>
internal static class LoadAverage
{
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
