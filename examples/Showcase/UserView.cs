namespace Showcase;

/// <summary>What the user methods answer: a map <c>{id, username, email}</c>.</summary>
public sealed record UserView(int Id, string Username, string Email)
{
    /// <summary>The view of a stored user.</summary>
    public static UserView Of(ShowcaseUser user) => new(user.Id, user.Username, user.Email);
}
