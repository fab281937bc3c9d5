using Microsoft.EntityFrameworkCore;
using Zask.Data;

namespace Showcase;

/// <summary>A user of the showcase's embedded database (table <c>showcase_user</c>).</summary>
[Index(nameof(Username), IsUnique = true)]
public class ShowcaseUser : Model
{
    /// <summary>The id the database assigns.</summary>
    public int Id { get; set; }

    /// <summary>The unique user name.</summary>
    public string Username { get; set; } = "";

    /// <summary>The e-mail address.</summary>
    public string Email { get; set; } = "";
}
