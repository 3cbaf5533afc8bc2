using Apinator.AspNetCore.Tests.Hosting;
using Apinator.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>
/// The MinimalApi sample hosted as an app's own tests would host it: fake credentials (so it never
/// starts its local server), the Pusher protocol, and <see cref="IApinator"/> replaced by the test kit's
/// <see cref="FakeApinator"/>, which records what the sample sends after the real client's validation.
/// </summary>
/// <param name="redis">The sample's <c>ConnectionStrings:Redis</c>; none by default.</param>
internal sealed class SampleApp(string? redis = null) : WebApplicationFactory<Program>
{
    public SampleApp()
        : this(null)
    {
    }

    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The fake in the app's place; set when the app is built (by the first client or request).</summary>
    public FakeApinator Apinator { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new(Start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Apinator:AppId", TestApp.AppId);
        builder.UseSetting("Apinator:Key", TestApp.Key);
        builder.UseSetting("Apinator:Secret", TestApp.Secret);
        builder.UseSetting("Apinator:BaseAddress", "http://127.0.0.1:9");
        builder.UseSetting("Apinator:Protocol", "Pusher");
        if (redis is not null) builder.UseSetting("ConnectionStrings:Redis", redis);
        builder.ConfigureTestServices(services =>
        {
            Apinator = services.AddFakeApinator();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>A client that keeps the sign-in cookie.</summary>
    public HttpClient CreateCookieClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>A client signed in through the sample's own <c>POST /login</c>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string name)
    {
        var client = CreateCookieClient();
        using var login = await client.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent([new("name", name)]));
        login.EnsureSuccessStatusCode();
        return client;
    }
}
