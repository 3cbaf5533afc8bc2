using System.Text;

namespace Apinator.Http;

/// <summary>
/// Turns an error answer into the <see cref="ApinatorException"/> a caller can act on, and shows
/// answers and failure messages with the app's secret scrubbed out, whatever a server echoes back.
/// </summary>
internal sealed class ErrorAnswers(string secret)
{
    private const int MaxShownBodyChars = 4096;

    private const string AppNotFound = "app_not_found";

    public ApinatorException For(HttpMethod method, string path, int status, string? reason, ReadOnlySpan<byte> body, TimeSpan? retryAfter = null)
    {
        var (detail, code) = ResponseReader.Problem(body);
        var message = Scrub(detail ?? $"{method.Method} {path} failed with {status} {reason}.");
        var raw = Shown(body);
        return status switch
        {
            401 or 403 => new ApinatorAuthenticationException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code },
            // Sockudo answers a key it does not know with 404 app_not_found (AppError::AppNotFound): a wrong key, as a 401 is.
            404 when code == AppNotFound => new ApinatorAuthenticationException($"The service knows no app with this key (check Apinator:Key and Apinator:AppId): {message}")
            {
                StatusCode = status, ResponseBody = raw, ProblemCode = code,
            },
            400 or 422 => new ApinatorValidationException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code },
            _ => new ApinatorApiException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code, RetryAfter = retryAfter },
        };
    }

    /// <summary>The answer as text for an exception: scrubbed and shortened.</summary>
    public string Shown(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length <= MaxShownBodyChars * 4 ? body : body[..(MaxShownBodyChars * 4)]);
        text = Scrub(text);
        return text.Length <= MaxShownBodyChars ? text : text[..MaxShownBodyChars] + "…";
    }

    /// <summary>Belt and braces: whatever a server echoes back, the secret never reaches a message.</summary>
    public string Scrub(string text) => ScrubOne(ScrubOne(text, secret), _escapedSecret);

    /// <summary>The secret as a JSON writer escapes it: a service that echoes a request body (Skubber's token request carries the secret) shows it so.</summary>
    private readonly string _escapedSecret = secret.Length == 0 ? "" : System.Text.Json.JsonEncodedText.Encode(secret).ToString();

    private static string ScrubOne(string text, string value) =>
        value.Length > 0 && text.Contains(value, StringComparison.Ordinal) ? text.Replace(value, "***", StringComparison.Ordinal) : text;
}
