using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Http;

namespace Apinator.Aot.Tests;

/// <summary>What every answer must look like: a grant as JSON, a refusal as an RFC 7807 document.</summary>
internal static class Answers
{
    public static async Task<JsonElement> IsJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, status);
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>
    /// The app's own mistake: a 500 problem that tells the caller nothing of the app's insides (no
    /// type name, no serializer), and a log entry that names the type to add to the app's context.
    /// </summary>
    public static async Task IsMisconfiguredAsync(AppUnderTest app, HttpResponseMessage response, string typeName, params string[] logged)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain(typeName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Json", text, StringComparison.Ordinal);
        var line = await app.LogContainingAsync([typeName, .. logged]);
        Assert.Contains("JsonSerializerContext", line, StringComparison.Ordinal);
    }
}
