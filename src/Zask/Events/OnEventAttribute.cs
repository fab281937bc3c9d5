namespace Zask.Events;

/// <summary>
/// Marks a method of a handler class as a handler of the named event (see <see cref="EventBus.Subscribe{THandler}"/>).
/// The event's payload binds to the method's parameters by position; a <see cref="CancellationToken"/> parameter gets
/// the bus's token. The class is created for each event in its own dependency-injection scope, with its constructor's
/// services.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OnEventAttribute : Attribute
{
    /// <summary>Marks a handler of <paramref name="name"/>.</summary>
    public OnEventAttribute(string name) => Name = name;

    /// <summary>The event's name (also its ZeroRPC method name between services).</summary>
    public string Name { get; }
}
