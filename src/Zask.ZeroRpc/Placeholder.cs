namespace Zask.ZeroRpc;
internal static class Placeholder { }
