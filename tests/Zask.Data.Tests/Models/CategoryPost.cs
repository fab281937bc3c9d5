namespace Zask.Data.Tests.Models;

public class CategoryPost : Model
{
    public int Id { get; set; }
}
