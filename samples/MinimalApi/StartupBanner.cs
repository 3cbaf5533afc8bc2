using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MinimalApi;

/// <summary>The one line that tells a person (and the browser test) that the sample is up and where to open it.</summary>
public static class StartupBanner
{
    /// <summary>The first http:// address the app listens on (or the first address at all); null in-memory (TestServer).</summary>
    public static Uri? Listening(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault();
        return address is null ? null : new Uri(address);
    }

    /// <summary>Prints "Apinator sample ready: open … in a browser (<paramref name="note"/>)."</summary>
    public static void Print(WebApplication app, string note)
    {
        if (Listening(app) is not { } listening) return;
        var open = new UriBuilder(listening) { Host = listening.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "localhost" : listening.Host }.Uri;
        Console.WriteLine($"Apinator sample ready: open {open} in a browser ({note}).");
    }
}
