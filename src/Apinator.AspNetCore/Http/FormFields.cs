using System.Text;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Reads <c>socket_id</c> and <c>channel_name</c> from a form-encoded body (pusher-js, Laravel Echo)
/// without building a dictionary of every field: an auth request is two short fields, read on every
/// subscription. Decoding is the form rules': <c>+</c> is a space, <c>%XX</c> a UTF-8 byte. A repeated
/// field reads as its values joined by commas, as ASP.NET Core's own form reading gives it
/// (<c>StringValues.ToString()</c>), so the endpoint validates exactly what it would sign.
/// </summary>
internal static class FormFields
{
    public static AuthRequestBody Read(ReadOnlySpan<byte> form)
    {
        string? socketId = null, channel = null;
        while (!form.IsEmpty)
        {
            var end = form.IndexOf((byte)'&');
            var pair = end < 0 ? form : form[..end];
            form = end < 0 ? default : form[(end + 1)..];
            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? default : pair[(equals + 1)..];
            if (Is(name, "socket_id"u8)) socketId = Join(socketId, Decode(value));
            else if (Is(name, "channel_name"u8)) channel = Join(channel, Decode(value));
        }

        return new AuthRequestBody { SocketId = socketId, ChannelName = channel };
    }

    private static string Join(string? earlier, string value) => earlier is null ? value : string.Concat(earlier, ",", value);

    // Names match ignoring ASCII case, as ASP.NET Core's form reading matches them.
    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        Ascii.EqualsIgnoreCase(name, expected)
        || (name.IndexOfAny((byte)'%', (byte)'+') >= 0 && string.Equals(Decode(name), Encoding.UTF8.GetString(expected), StringComparison.OrdinalIgnoreCase));

    private static string Decode(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'%', (byte)'+') < 0) return Encoding.UTF8.GetString(value);
        return Uri.UnescapeDataString(Encoding.UTF8.GetString(value).Replace('+', ' '));
    }
}
