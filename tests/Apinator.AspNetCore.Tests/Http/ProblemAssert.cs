using System.Net;
using System.Text.Json;

namespace Apinator.AspNetCore.Tests.Http;

/// <summary>Asserts an answer is an RFC 7807 problem with the expected status.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), "The problem has no title.");
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()), "The problem has no detail.");
        return root.Clone();
    }
}
