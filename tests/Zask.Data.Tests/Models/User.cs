namespace Zask.Data.Tests.Models;

[Index(nameof(Username), IsUnique = true)]
public class User : Model
{
    public int Id { get; set; }

    public string Username { get; set; } = "";

    public string? Email { get; set; }
}
