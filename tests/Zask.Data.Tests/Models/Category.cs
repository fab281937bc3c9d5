namespace Zask.Data.Tests.Models;

/// <summary>Flask-SQLAlchemy's quickstart: a category has many posts.</summary>
public class Category : Model
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Post> Posts { get; set; } = [];
}
