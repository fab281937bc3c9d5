using Zask.Events;

namespace Showcase;

/// <summary>The showcase's in-process handler of its own events, made for each event in its own scope.</summary>
public sealed class UserEvents(UserAddedCounter counter)
{
    /// <summary>The event name <c>add_user</c> and <c>register</c> publish, with the user name as payload.</summary>
    public const string UserAdded = "user_added";

    /// <summary>Counts the event (<c>events_seen()</c> reports the count).</summary>
    [OnEvent(UserAdded)]
    public void OnUserAdded(string username) => counter.Record();
}
