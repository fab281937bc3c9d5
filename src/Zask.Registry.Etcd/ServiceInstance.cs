using System.Text.Json.Serialization;

namespace Zask.Registry.Etcd;

/// <summary>
/// One endpoint of one running server, as stored in etcd (the JSON value of its key).
/// </summary>
/// <param name="Service">The service name (e.g. <c>orders</c>).</param>
/// <param name="Version">The service version (e.g. <c>v1</c>).</param>
/// <param name="Endpoint">The address clients connect to (e.g. <c>tcp://10.0.0.7:4242</c>).</param>
/// <param name="StartedAt">When the server started.</param>
/// <param name="Metadata">Free-form labels the server chose to publish; may be empty.</param>
public sealed record ServiceInstance(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string>? Metadata = null);
