namespace Zask.Data;

/// <summary>
/// Base class of mapped entities (Flask-SQLAlchemy's <c>db.Model</c>). A model is a plain class with public
/// properties; its table name is the snake_case class name (<c>CategoryPost</c> → <c>category_post</c>) unless the
/// class carries <see cref="System.ComponentModel.DataAnnotations.Schema.TableAttribute"/> or declares a
/// <c>public static string TableName</c> property or field (SQLAlchemy's <c>__tablename__</c>). Its database is
/// chosen by <see cref="BindKeyAttribute"/> (the default database without it). Everything else — keys,
/// relationships, indexes — follows EF Core's conventions and attributes.
/// </summary>
/// <remarks>The base class declares no public members, so nothing of it is mapped into derived tables.</remarks>
public abstract class Model
{
}
