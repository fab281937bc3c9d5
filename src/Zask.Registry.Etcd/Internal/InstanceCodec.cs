using System.Text.Json;
using Google.Protobuf;

namespace Zask.Registry.Etcd.Internal;

/// <summary>The JSON value of an endpoint key.</summary>
internal static class InstanceCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static ByteString Encode(ServiceInstance instance) =>
        ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(instance, Options));

    /// <summary>Decodes a value; <c>null</c> with the reason when it is not a well-formed endpoint.</summary>
    public static ServiceInstance? Decode(ByteString value, out string? error)
    {
        try
        {
            var instance = JsonSerializer.Deserialize<ServiceInstance>(value.Span, Options);
            if (instance is null || string.IsNullOrEmpty(instance.Service) || string.IsNullOrEmpty(instance.Version) || string.IsNullOrEmpty(instance.Endpoint))
            {
                error = "the value lacks service, version or endpoint";
                return null;
            }
            error = null;
            return instance;
        }
        catch (JsonException e)
        {
            error = "the value is not endpoint JSON: " + e.Message;
            return null;
        }
    }
}
