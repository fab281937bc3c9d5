namespace Zask.Data.Tests.Models;

[BindKey("users")]
public class AdminUser : Model
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}
