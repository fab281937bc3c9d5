using Zask.Jobs;

namespace Zask.Data.Jobs;

/// <summary>
/// Gives each job run its own <see cref="ZaskDb.Session"/>, ended when the run ends (uncommitted changes discarded),
/// as <see cref="SessionMiddleware"/> does for a call.
/// </summary>
internal sealed class JobSessionFilter(ZaskDb db) : IJobFilter
{
    public async Task InvokeAsync(JobContext context, Func<Task> next)
    {
        // A fresh session even if the code that started the app left one in its async flow.
        var session = db.StartFlowSession();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            db.EndFlowSession(session);
        }
    }
}
