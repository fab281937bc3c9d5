namespace Zask.Reliability.Tests.Fuzz;

/// <summary>What the server must do with a fuzz message; the test counts each kind and checks the server's figures.</summary>
public enum FuzzOutcome
{
    /// <summary>Not a well-formed event: counted in RejectedMessages, no reply.</summary>
    Rejected,

    /// <summary>A well-formed call to an unknown method or with wrong arguments: answered with ERR.</summary>
    Answered,

    /// <summary>A well-formed event for no open channel: counted in DroppedEvents, no reply.</summary>
    Dropped,
}
