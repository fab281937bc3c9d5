namespace Zask.Zmtp.Tests.Support;

/// <summary>Hex strings to bytes, for wire captures pasted into tests.</summary>
public static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
