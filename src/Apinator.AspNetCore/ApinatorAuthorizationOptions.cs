using System.Security.Claims;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Users;
using Apinator.Channels;

namespace Apinator.AspNetCore;

/// <summary>
/// Who may join which channel, and how the signed-in user becomes sign-in user data. Filled by the
/// builder's <c>AuthorizeChannel</c>, <c>AuthorizePresenceChannel</c> and <c>WithUserData</c>, or with
/// <c>services.Configure&lt;ApinatorAuthorizationOptions&gt;(o => o.ChannelRules.Add(…))</c>.
/// </summary>
public sealed class ApinatorAuthorizationOptions
{
    /// <summary>The channel rules, tried in order; the first whose pattern matches decides. A channel no rule matches is refused.</summary>
    public IList<ChannelRule> ChannelRules { get; } = new List<ChannelRule>();

    /// <summary>
    /// Builds the user data of a sign-in from the signed-in user; null refuses (403). By default
    /// <see cref="DefaultUserData"/>.
    /// </summary>
    public Func<ClaimsPrincipal, UserData?> UserDataFactory { get; set; } = DefaultUserData;

    /// <summary>
    /// The default user data: id from the <see cref="ClaimTypes.NameIdentifier"/> claim (else the
    /// identity's name), plus <c>name</c> from the identity's name; null when there is no id.
    /// </summary>
    /// <param name="user">The signed-in user.</param>
    /// <returns>The user data, or null.</returns>
    public static UserData? DefaultUserData(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = UserIdentity.IdOf(user);
        if (string.IsNullOrEmpty(id)) return null;
        var name = user.Identity?.Name;
        return new UserData(id, name is null ? null : new Dictionary<string, string> { ["name"] = name });
    }
}
