using System.Globalization;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Hosting.Tests.Extension;

/// <summary>The access line's exact shape, whatever the culture of the thread that writes it.</summary>
public class AccessLogFormatTests
{
    public sealed class OrderService
    {
        public string Create() => "created";
    }

    [Theory]
    [InlineData("")]
    [InlineData("fi-FI")]   // '.' between hours and minutes, ',' for decimals
    [InlineData("ar-SA")]   // another calendar and other digits
    public void The_line_is_the_original_format_in_utc_and_invariant_digits(string culture)
    {
        var server = new ZeroRpcServer(new OrderService());
        var request = new Event(new EventHeader(MessageIdGenerator.Next(), context: new Dictionary<string, object?> { ["access_key"] = "foo_client_key" }),
            "create", ReadOnlyMemory<byte>.Empty);
        var call = new ServerCallContext(server.Instance.GetType(), request, new ServerStopCancellation(CancellationToken.None));
        // 03:04:05.678 UTC, given in another offset.
        var now = new DateTimeOffset(2025, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2));

        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        string line;
        try
        {
            line = AccessLogMiddleware.Format(call, now);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        line.Should().MatchRegex(@"^foo_client_key - \[2025-01-02 03:04:05\.678Z\] - ""OrderService"" - ""create"" - OK - [0-9]+ ms$");
    }
}
