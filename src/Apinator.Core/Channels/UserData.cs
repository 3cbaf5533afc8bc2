namespace Apinator.Channels;

/// <summary>
/// The signed-in user for user authentication. Becomes the JSON object <c>{"id": Id, …Fields}</c>:
/// the properties of <paramref name="Fields"/> (an anonymous object, a dictionary, a record) follow the id.
/// </summary>
/// <param name="Id">The user's id; must not be empty.</param>
/// <param name="Fields">More members of the user data, e.g. <c>new { name = "Ada", watchlist = new[] { "u-2" } }</c>, or null.</param>
public sealed record UserData(string Id, object? Fields = null);
