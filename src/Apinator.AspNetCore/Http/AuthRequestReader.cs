using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Reads <c>socket_id</c> and <c>channel_name</c> from an auth request, whether JSON (Apinator's JS
/// client) or form-encoded (pusher-js).
/// </summary>
internal static class AuthRequestReader
{
    /// <summary>Auth requests are two short fields; anything this large is not one.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public static async ValueTask<(AuthRequestBody? Body, Problem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var kind = RequestBody.KindOf(request.ContentType);
        if (kind == BodyKind.Other)
        {
            return (null, new Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                "Send the auth request as application/json or application/x-www-form-urlencoded."));
        }

        using var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, new Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"An auth request is at most {MaxBodyBytes} bytes."));
        }

        if (kind == BodyKind.Json)
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(body.Span, ApinatorJsonContext.Default.AuthRequestBody);
                return parsed is null ? (null, Malformed("The JSON body is null.")) : (parsed, null);
            }
            catch (JsonException)
            {
                return (null, Malformed("The body is not valid JSON of the form {\"socket_id\":\"…\",\"channel_name\":\"…\"}."));
            }
        }

        return (FormFields.Read(body.Span), null);
    }

    private static Problem Malformed(string detail) => new(StatusCodes.Status400BadRequest, "Malformed auth request", detail);
}
