namespace Zask.Data;

/// <summary>
/// Routes a model to the database configured under this key in <c>SQLALCHEMY_BINDS</c>
/// (Flask-SQLAlchemy's <c>__bind_key__</c>). All reads and writes of the model go to that bind.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class BindKeyAttribute : Attribute
{
    /// <summary>Routes the model to <paramref name="key"/>.</summary>
    /// <param name="key">A key of <c>SQLALCHEMY_BINDS</c>.</param>
    public BindKeyAttribute(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
    }

    /// <summary>The bind key.</summary>
    public string Key { get; }
}
