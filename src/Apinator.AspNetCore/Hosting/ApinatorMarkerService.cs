namespace Apinator.AspNetCore.Hosting;

/// <summary>Registered by <c>AddApinator</c>, so each <c>MapApinator…</c> can tell the app to call it first.</summary>
internal sealed class ApinatorMarkerService
{
    public static IServiceProvider Require(IServiceProvider services, string mapMethod)
    {
        if (services.GetService(typeof(ApinatorMarkerService)) is null)
        {
            throw new InvalidOperationException(
                $"{mapMethod} needs Apinator's services: call builder.Services.AddApinator(…) before building the app.");
        }

        return services;
    }
}
