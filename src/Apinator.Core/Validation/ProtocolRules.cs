using System.Buffers;

namespace Apinator.Validation;

/// <summary>
/// The protocol's input rules, checked before anything is signed or sent. The client, the
/// authorizer and the ASP.NET Core endpoints all check with these; use them to validate input of
/// your own the same way.
/// </summary>
public static class ProtocolRules
{
    /// <summary>The longest channel name the services accept.</summary>
    public const int MaxChannelNameLength = 164;

    /// <summary>The prefix of private channels (end-to-end encrypted ones included).</summary>
    public const string PrivatePrefix = "private-";

    /// <summary>The prefix of presence channels.</summary>
    public const string PresencePrefix = "presence-";

    /// <summary>The prefix of the channel a server-to-user event travels on; reserved for the library.</summary>
    public const string ServerToUserPrefix = "#server-to-user-";

    private const int MaxSocketIdLength = 64;

    /// <summary>
    /// Whether <paramref name="socketId"/> is digits, a dot, digits (at most 64 characters). Anything
    /// else could smuggle another channel into a string to sign (e.g. <c>1.1:private-other</c>).
    /// </summary>
    /// <param name="socketId">The socket id a browser sent.</param>
    /// <returns>True when it may be signed.</returns>
    public static bool IsValidSocketId(ReadOnlySpan<char> socketId)
    {
        if (socketId.Length is 0 or > MaxSocketIdLength) return false;
        var dot = socketId.IndexOf('.');
        return dot > 0 && dot < socketId.Length - 1 && AllDigits(socketId[..dot]) && AllDigits(socketId[(dot + 1)..]);
    }

    /// <summary>Whether <paramref name="name"/> is 1–164 letters, digits or <c>_ - = @ , . ;</c>.</summary>
    /// <param name="name">A channel name.</param>
    /// <returns>True when the services accept it.</returns>
    public static bool IsValidChannelName(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= MaxChannelNameLength && AllChannelChars(name);

    /// <summary>Whether <paramref name="userId"/> can name a user in a REST path and a server-to-user channel.</summary>
    /// <param name="userId">A user id.</param>
    /// <returns>True when it is 1–148 channel-name characters.</returns>
    public static bool IsValidUserId(ReadOnlySpan<char> userId) =>
        userId.Length is > 0 and <= MaxChannelNameLength - 16 && AllChannelChars(userId);

    internal static void SocketId(string? socketId, string parameterName = "socketId")
    {
        if (socketId is null || !IsValidSocketId(socketId))
        {
            // Only digits and one dot: anything else could smuggle another channel into the
            // string we sign (e.g. "1.1:private-other").
            throw new ApinatorValidationException(
                $"'{Printable(socketId)}' is not a valid socket id: it must look like '1234.5678' (digits, a dot, digits).", parameterName);
        }
    }

    internal static void ChannelName(string? channel, string parameterName = "channel")
    {
        if (string.IsNullOrEmpty(channel))
        {
            throw new ApinatorValidationException("A channel name is required.", parameterName);
        }

        if (channel.Length > MaxChannelNameLength)
        {
            throw new ApinatorValidationException(
                $"Channel name '{Printable(channel)}' is {channel.Length} characters long; at most {MaxChannelNameLength} are allowed.", parameterName);
        }

        if (!AllChannelChars(channel))
        {
            throw new ApinatorValidationException(
                $"Channel name '{Printable(channel)}' has a character that is not allowed: use only letters, digits and _ - = @ , . ;", parameterName);
        }
    }

    internal static void UserId(string? userId, string parameterName = "userId")
    {
        if (string.IsNullOrEmpty(userId))
        {
            throw new ApinatorValidationException("A user id is required.", parameterName);
        }

        if (!IsValidUserId(userId))
        {
            throw new ApinatorValidationException(
                $"User id '{Printable(userId)}' is not allowed: use at most {MaxChannelNameLength - 16} letters, digits and _ - = @ , . ;", parameterName);
        }
    }

    internal static void EventName(string? eventName, int maxLength, string parameterName = "eventName")
    {
        if (string.IsNullOrEmpty(eventName))
        {
            throw new ApinatorValidationException("An event name is required.", parameterName);
        }

        if (eventName.Length > maxLength)
        {
            throw new ApinatorValidationException(
                $"Event name is {eventName.Length} characters long; at most {maxLength} are allowed.", parameterName);
        }
    }

    internal static void DataSize(int byteCount, int maxBytes, string parameterName = "data")
    {
        if (byteCount > maxBytes)
        {
            throw new ApinatorValidationException(
                $"Event data is {byteCount} bytes; at most {maxBytes} are allowed (raise ApinatorOptions.MaxDataBytes if your plan allows more).", parameterName);
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');

    // Vectorized: these checks run on every auth request and every trigger.
    private static readonly SearchValues<char> ChannelChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=@,.;");

    private static bool AllChannelChars(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(ChannelChars);

    /// <summary>Shortens and cleans an input for an error message.</summary>
    internal static string Printable(string? value)
    {
        if (value is null) return "(null)";
        var shown = value.Length > 40 ? string.Concat(value.AsSpan(0, 40), "…") : value;
        return shown.ReplaceLineEndings(" ");
    }
}
