using System.Security.Claims;

namespace Apinator.AspNetCore.Users;

/// <summary>The one rule for a signed-in user's id, used by channel rules and user sign-in alike.</summary>
internal static class UserIdentity
{
    /// <summary>The <see cref="ClaimTypes.NameIdentifier"/> claim, else the identity's name; null when not signed in.</summary>
    public static string? IdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name : null;
}
