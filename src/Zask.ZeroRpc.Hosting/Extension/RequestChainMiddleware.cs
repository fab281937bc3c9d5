using System.Diagnostics;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// Follows one request across services: a call id (a uuid) adopted from the caller's header or created, and the
/// first caller's access key, both forwarded on every call made while serving it.
/// </summary>
public sealed class RequestChainMiddleware : IZeroRpcMiddleware
{
    /// <summary>The header key of the call id.</summary>
    public const string CallIdKey = "call_id";

    /// <summary>The header key of the first caller's access key.</summary>
    public const string OriginAccessKeyKey = "origin_access_key";

    /// <summary>The call id of the call being served on this async flow, or <c>null</c>.</summary>
    public static string? CurrentCallId =>
        ServerCallContext.Current is { } call && call.Items.TryGetValue(CallIdKey, out var id) ? id as string : null;

    /// <inheritdoc />
    public void LoadTaskContext(ServerCallContext call)
    {
        var callId = call.GetRequestHeaderString(CallIdKey) ?? Guid.NewGuid().ToString();
        call.Items[CallIdKey] = callId;
        // The call's span (when one is recorded) carries the id, so a trace leads to the call's log lines.
        if (Activity.Current is { IsAllDataRequested: true, Kind: ActivityKind.Server or ActivityKind.Consumer } span
            && span.Source.Name == ZeroRpcDiagnostics.ActivitySourceName)
        {
            span.SetTag(ZeroRpcDiagnostics.CallIdAttribute, callId);
        }
        call.Items[OriginAccessKeyKey] = call.GetRequestHeaderString(OriginAccessKeyKey)
            ?? call.GetRequestHeaderString(CustomHeaderMiddleware.AccessKeyKey);
    }

    /// <inheritdoc />
    public void AddTaskContext(IDictionary<string, object?> header, ClientCallContext? call)
    {
        if (call is null)
        {
            return;
        }
        if (ServerCallContext.Current is { } serving)
        {
            header[CallIdKey] = serving.Items.TryGetValue(CallIdKey, out var id) ? id : Guid.NewGuid().ToString();
            if (serving.Items.TryGetValue(OriginAccessKeyKey, out var origin) && origin is not null)
            {
                header[OriginAccessKeyKey] = origin;
            }
            return;
        }
        header[CallIdKey] = Guid.NewGuid().ToString();
        if (header.TryGetValue(CustomHeaderMiddleware.AccessKeyKey, out var key) && key is not null)
        {
            header[OriginAccessKeyKey] = key;
        }
    }
}
