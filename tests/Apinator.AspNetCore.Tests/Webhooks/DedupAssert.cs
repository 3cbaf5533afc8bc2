using System.Net;
using Apinator.AspNetCore.Tests.Http;

namespace Apinator.AspNetCore.Tests.Webhooks;

internal static class DedupAssert
{
    /// <summary>The answer to a copy of a delivery another attempt is handling: 503, try again in 5 s.</summary>
    public static async Task IsInProgressAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Webhook delivery in progress", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }
}
