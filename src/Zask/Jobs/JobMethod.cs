using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Zask.Jobs;

/// <summary>Turns a marked service method into a job's work: arguments from the run, the result awaited.</summary>
internal static class JobMethod
{
    public static Func<JobContext, Task> Compile<TService>(MethodInfo method)
        where TService : class
    {
        if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask))
        {
            throw new ArgumentException($"job method {typeof(TService).Name}.{method.Name} returns {method.ReturnType.Name}; a job returns void, Task or ValueTask");
        }
        var parameters = method.GetParameters();
        foreach (var parameter in parameters)
        {
            if (parameter.ParameterType.IsByRef)
            {
                throw new ArgumentException($"job method {typeof(TService).Name}.{method.Name}: parameter '{parameter.Name}' is by reference");
            }
        }
        return context =>
        {
            var service = ActivatorUtilities.GetServiceOrCreateInstance<TService>(context.Services);
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var type = parameters[i].ParameterType;
                arguments[i] = type == typeof(JobContext) ? context
                    : type == typeof(CancellationToken) ? context.CancellationToken
                    : context.Services.GetRequiredService(type);
            }
            object? result;
            try
            {
                result = method.Invoke(service, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return Task.FromException(ex.InnerException);
            }
            return result switch
            {
                Task task => task,
                ValueTask valueTask => valueTask.AsTask(),
                _ => Task.CompletedTask,
            };
        };
    }
}
