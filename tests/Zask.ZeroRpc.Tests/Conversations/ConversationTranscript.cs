using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Zask.ZeroRpc.Tests.Conversations;

/// <summary>
/// What a fake peer sent and received during a replay, with times relative to the request, so that a failing
/// assertion can show the whole exchange.
/// </summary>
internal sealed class ConversationTranscript
{
    private readonly Stopwatch _clock = new();
    private readonly List<string> _lines = [];

    /// <summary>Events received from the peer under test, in arrival order.</summary>
    public List<(double AtMs, Event Event)> Received { get; } = [];

    /// <summary>Events the fake peer sent, in order.</summary>
    public List<(double AtMs, Event Event)> Sent { get; } = [];

    public double ElapsedMs => _clock.Elapsed.TotalMilliseconds;

    /// <summary>Starts the clock that the recorded t_ms offsets are compared with (at the request).</summary>
    public void StartClock() => _clock.Restart();

    public void LogReceived(Event evt)
    {
        Received.Add((ElapsedMs, evt));
        Log("recv", evt);
    }

    public void LogSent(Event evt)
    {
        Sent.Add((ElapsedMs, evt));
        Log("sent", evt);
    }

    public void Note(string text) => _lines.Add(string.Create(CultureInfo.InvariantCulture, $"{ElapsedMs,8:0.0}ms  {text}"));

    private void Log(string what, Event evt) => Note($"{what} {EventText.Describe(evt)}");

    /// <summary>The last lines of the exchange (a 300-item stream would otherwise drown the message).</summary>
    public override string ToString()
    {
        const int Tail = 40;
        var text = new StringBuilder();
        text.AppendLine();
        if (_lines.Count > Tail)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ... {_lines.Count - Tail} earlier lines");
        }
        foreach (var line in _lines.Skip(Math.Max(0, _lines.Count - Tail)))
        {
            text.Append("  ").AppendLine(line);
        }
        return text.ToString();
    }
}
