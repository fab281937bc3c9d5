using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Server;

/// <summary>
/// The methods every zerorpc server answers besides the service's own, in the shapes zerorpc-python returns.
/// Their names start with <c>_</c>, so they never appear in the listings themselves.
/// </summary>
internal sealed class IntrospectionService
{
    private readonly ZeroRpcServer _server;

    public IntrospectionService(ZeroRpcServer server) => _server = server;

    [ZeroRpcMethod("_zerorpc_ping")]
    public object?[] Ping() => ["pong", _server.Name];

    [ZeroRpcMethod("_zerorpc_name")]
    public string Name() => _server.Name;

    [ZeroRpcMethod("_zerorpc_list")]
    public string[] List() => PublicMethods().Select(m => m.Name).ToArray();

    [ZeroRpcMethod("_zerorpc_help")]
    public string? Help(string method) => Find(method).Doc;

    [ZeroRpcMethod("_zerorpc_args")]
    public object?[] Args(string method)
    {
        // zerorpc-python's legacy ArgSpec: [args, varargs, keywords, defaults].
        var parameters = Find(method).CallerParameters;
        var defaults = parameters.SkipWhile(p => !p.HasDefault).Select(p => p.DefaultValue).ToArray();
        return [parameters.Select(p => p.Name).ToArray(), null, null, defaults.Length == 0 ? null : defaults];
    }

    [ZeroRpcMethod("_zerorpc_inspect")]
    public Dictionary<string, object?> Inspect()
    {
        var methods = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var method in PublicMethods())
        {
            methods[method.Name] = new Dictionary<string, object?>
            {
                ["args"] = method.CallerParameters.Select(Describe).ToArray(),
                ["doc"] = method.Doc,
            };
        }
        return new Dictionary<string, object?> { ["name"] = _server.Name, ["methods"] = methods };
    }

    private static Dictionary<string, object?> Describe(ParameterDescriptor parameter)
    {
        var result = new Dictionary<string, object?> { ["name"] = parameter.Name };
        if (parameter.HasDefault)
        {
            result["default"] = parameter.DefaultValue;
        }
        return result;
    }

    private IEnumerable<MethodDescriptor> PublicMethods() =>
        _server.Service.Methods.Values.Where(m => !m.Name.StartsWith('_')).OrderBy(m => m.Name, StringComparer.Ordinal);

    private MethodDescriptor Find(string method) =>
        _server.Service.Methods.TryGetValue(method, out var found) && !method.StartsWith('_')
            ? found
            : throw new ZeroRpcException("KeyError", $"'{method}'");
}
