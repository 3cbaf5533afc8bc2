using System.Net;
using static Apinator.Aot.Tests.Requests;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>Webhooks: handled, duplicate, every refusal, a failed handler and a copy of a delivery being handled.</summary>
internal static class WebhookOutcomes
{
    public static IReadOnlyList<Outcome> All { get; } =
    [
        new("webhook 200: handled once, a replay acknowledged without handling", async app =>
        {
            var channel = Unique("lobby-");
            var (body, timestamp) = (WebhookBody(channel), Now);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Webhook(body, timestamp))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Webhook(body, timestamp))).StatusCode);
            Assert.Equal("1", await app.Client.GetStringAsync($"/test/handled/{channel}"));
        }),
        new("webhook 400: signed but malformed JSON", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook("{\"event\":", Now)), HttpStatusCode.BadRequest)),
        new("webhook 401: wrong signature", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook(WebhookBody("lobby"), Now, secret: "not-the-secret")), HttpStatusCode.Unauthorized)),
        new("webhook 401: too old", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook(WebhookBody("lobby"), Now - 3600)), HttpStatusCode.Unauthorized)),
        new("webhook 413: body over MaxBodyBytes", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook(WebhookBody(new string('a', 5000)), Now)), HttpStatusCode.RequestEntityTooLarge)),
        new("webhook 415: unsupported content type", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook(WebhookBody("lobby"), Now, contentType: "text/plain")), HttpStatusCode.UnsupportedMediaType)),
        new("webhook 500: the handler failed", async app =>
        {
            var channel = Unique("fail-");
            await Answers.IsProblemAsync(await app.Client.SendAsync(Webhook(WebhookBody(channel), Now)), HttpStatusCode.InternalServerError);
            Assert.Equal("0", await app.Client.GetStringAsync($"/test/handled/{channel}"));
        }),
        new("webhook 503: a copy arriving while the delivery is handled", async app =>
        {
            var channel = Unique("held-");
            var (body, timestamp) = (WebhookBody(channel), Now);
            var first = app.Client.SendAsync(Webhook(body, timestamp));
            (await app.Client.GetAsync($"/test/entered/{channel}")).EnsureSuccessStatusCode();

            var copy = await app.Client.SendAsync(Webhook(body, timestamp));
            await Answers.IsProblemAsync(copy, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(copy.Headers.RetryAfter);

            (await app.Client.PostAsync($"/test/release/{channel}", null)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal("1", await app.Client.GetStringAsync($"/test/handled/{channel}"));
        }),
    ];
}
