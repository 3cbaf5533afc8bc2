using System.Security.Claims;
using Apinator.Channels;

namespace Apinator.AspNetCore.Users;

/// <summary>How the signed-in user becomes the user data of a sign-in.</summary>
internal sealed class UserDataMapping
{
    public Func<ClaimsPrincipal, UserData?> Map { get; set; } = Default;

    /// <summary>Id from <see cref="ClaimTypes.NameIdentifier"/>, else the identity's name; <c>name</c> from the identity's name.</summary>
    public static UserData? Default(ClaimsPrincipal user)
    {
        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name;
        if (string.IsNullOrEmpty(id)) return null;
        var name = user.Identity?.Name;
        return new UserData(id, name is null ? null : new Dictionary<string, string> { ["name"] = name });
    }
}
