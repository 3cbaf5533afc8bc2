using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered a webhook delivery.</summary>
public sealed class WebhookTestResult
{
    internal WebhookTestResult(SignedWebhook delivery, HttpStatusCode statusCode, string body)
    {
        Delivery = delivery;
        StatusCode = statusCode;
        Body = body;
        (ProblemTitle, ProblemDetail) = Problem.Read(body);
    }

    /// <summary>The delivery that was sent.</summary>
    public SignedWebhook Delivery { get; }

    /// <summary>The app's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Whether the app accepted it (2xx).</summary>
    public bool IsAccepted => (int)StatusCode is >= 200 and <= 299;

    /// <summary>The answer's body text.</summary>
    public string Body { get; }

    /// <summary>The problem's <c>title</c> when the app answered an RFC 7807 problem.</summary>
    public string? ProblemTitle { get; }

    /// <summary>The problem's <c>detail</c> when the app answered an RFC 7807 problem.</summary>
    public string? ProblemDetail { get; }

    /// <summary>Asserts that the app accepted the delivery.</summary>
    /// <returns>This result.</returns>
    /// <exception cref="ApinatorAssertionException">It did not; the message gives the status and problem.</exception>
    public WebhookTestResult EnsureAccepted()
    {
        if (!IsAccepted) throw new ApinatorAssertionException($"Expected the webhook to be accepted, but the app answered {Describe()}.");
        return this;
    }

    /// <summary>Asserts that the app refused the delivery with a status code.</summary>
    /// <param name="expected">The expected status, e.g. 401.</param>
    /// <returns>This result.</returns>
    /// <exception cref="ApinatorAssertionException">It answered something else.</exception>
    public WebhookTestResult EnsureRefused(HttpStatusCode expected)
    {
        if (StatusCode != expected) throw new ApinatorAssertionException($"Expected the webhook to be refused with {(int)expected}, but the app answered {Describe()}.");
        return this;
    }

    /// <summary>The status and problem in one line.</summary>
    /// <returns>E.g. <c>401 Webhook not verified: …</c>.</returns>
    public override string ToString() => Describe();

    private string Describe() =>
        $"{(int)StatusCode}" + (ProblemTitle is null ? "" : $" {ProblemTitle}") + (ProblemDetail is null ? "" : $": {ProblemDetail}");
}
