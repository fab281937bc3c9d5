using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Zask.Data;

/// <summary>
/// Keys EF's model cache by the bind's type set, so one <see cref="BindDbContext"/> class can carry a different
/// model per bind and each model is built once.
/// </summary>
internal sealed class BindModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => context is BindDbContext bound
        ? (context.GetType(), bound.BindModel.Signature, designTime)
        : (context.GetType(), designTime);
}
