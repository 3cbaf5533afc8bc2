using System.Net;

namespace Apinator.Http;

/// <summary>The 404 of a call a service may not offer, turned into an error that says so.</summary>
internal static class UnofferedCall
{
    /// <summary>
    /// A call Apinator's published SDKs never make (README, "What each service offers"): a 404 most
    /// likely means the service has no such endpoint, and the error says so.
    /// </summary>
    public static async Task<T> MayNotBeOffered<T>(string call, Task<T> sending)
    {
        try
        {
            return await sending.ConfigureAwait(false);
        }
        catch (ApinatorApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound && e is not ApinatorNetworkException)
        {
            throw new ApinatorApiException($"{call} was answered 404: the service may not offer this call (see the README's table of what each service offers). {e.Message}", e)
            {
                StatusCode = e.StatusCode,
                ResponseBody = e.ResponseBody,
                ProblemCode = e.ProblemCode,
            };
        }
    }
}
