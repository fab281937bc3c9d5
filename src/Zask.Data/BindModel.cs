using Microsoft.EntityFrameworkCore;

namespace Zask.Data;

/// <summary>
/// The entity types of one bind. <see cref="Signature"/> identifies the EF model built from them, so contexts
/// with the same types share one compiled model.
/// </summary>
internal sealed class BindModel
{
    public BindModel(string? bind, IReadOnlyList<Type> types)
    {
        Bind = bind;
        Types = types;
        Signature = (bind ?? "") + "|" + string.Join(";", types.Select(t => t.AssemblyQualifiedName).Order(StringComparer.Ordinal));
    }

    /// <summary>The bind key whose models these are.</summary>
    public string? Bind { get; }

    /// <summary>The model classes.</summary>
    public IReadOnlyList<Type> Types { get; }

    /// <summary>A stable identity of the type set, part of EF's model cache key.</summary>
    public string Signature { get; }

    /// <summary>Adds the types to an EF model, with their table names.</summary>
    public void Configure(ModelBuilder modelBuilder)
    {
        foreach (var type in Types)
        {
            var entity = modelBuilder.Entity(type);
            // [Table] is honoured by EF's own convention (with its schema); everything else gets our table name.
            if (type.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.Schema.TableAttribute), false).Length == 0)
            {
                entity.ToTable(TableNames.For(type));
            }
        }
    }
}
