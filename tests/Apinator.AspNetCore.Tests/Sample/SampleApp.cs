using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>
/// The MinimalApi sample hosted as an app's own tests would host it: fake credentials (so it never
/// starts its local server), the Pusher protocol, and <see cref="IApinator"/> replaced by a substitute.
/// </summary>
/// <param name="redis">The sample's <c>ConnectionStrings:Redis</c>; none by default.</param>
internal sealed class SampleApp(string? redis = null) : WebApplicationFactory<Program>
{
    public SampleApp()
        : this(null)
    {
    }

    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public IApinator Apinator { get; } = Substitute.For<IApinator>();

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
            services.RemoveAll<IApinator>();
            services.AddSingleton(Apinator);
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
