using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// A hook around a served call: the call (method, header, <see cref="ServerCallContext.Result"/>,
/// <see cref="ServerCallContext.Exception"/>, items) and the services of the call's dependency-injection scope.
/// </summary>
public delegate ValueTask CallHook(ServerCallContext call, IServiceProvider services);
