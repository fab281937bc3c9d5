using System.Text.Json;

namespace Zask.Interop.Tests.Support;

/// <summary>What one run of client.js produced: its exit code, its JSON line and its stderr.</summary>
/// <param name="ExitCode">0 for ok/stream/remote error, 3 for a locally raised error.</param>
/// <param name="Json">The parsed JSON line.</param>
/// <param name="Stdout">The raw stdout.</param>
/// <param name="Stderr">The raw stderr.</param>
public sealed record NodeClientResult(int ExitCode, JsonElement Json, string Stdout, string Stderr)
{
    /// <summary>The "ok" value; fails with the whole output when the call did not succeed.</summary>
    public JsonElement Ok => Member("ok");

    /// <summary>The "stream" items; fails with the whole output when the call did not stream.</summary>
    public JsonElement Stream => Member("stream");

    /// <summary>The "error" object; fails with the whole output when the call did not fail.</summary>
    public JsonElement Error => Member("error");

    private JsonElement Member(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidOperationException($"client.js printed no \"{name}\": {this}");

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}, stdout: {Stdout.Trim()}, stderr: {Stderr.Trim()}";
}
