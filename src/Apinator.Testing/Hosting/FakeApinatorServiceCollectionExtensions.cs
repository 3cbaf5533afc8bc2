using Apinator.AspNetCore.Publishing;
using Apinator.Sockudo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Apinator.Testing;

/// <summary>Puts a <see cref="FakeApinator"/> in place of the app's <see cref="IApinator"/>.</summary>
public static class FakeApinatorServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the registered <see cref="IApinator"/> with a <see cref="FakeApinator"/> singleton (also
    /// resolvable as <see cref="FakeApinator"/>), and <see cref="ISockudoExtensions"/> with its <see cref="FakeApinator.Sockudo"/>. Call it in <c>ConfigureTestServices</c>. The fake uses
    /// the app's own <see cref="ApinatorOptions"/> (protocol, limits, encryption key), read when it is
    /// first used, so it refuses exactly what the app's real client would. An app's publish queue sends
    /// through the fake, with no linger (see <c>DrainPublishQueueAsync</c>).
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <returns>The fake, to assert on.</returns>
    public static FakeApinator AddFakeApinator(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The app's options exist only once its container does: the fake reads them on first use.
        IServiceProvider? provider = null;
        var fake = FakeApinator.Deferred(() => provider?.GetService<IOptions<ApinatorOptions>>()?.Value);
        return Register(services, fake, sp => provider ??= sp);
    }

    /// <summary>
    /// Replaces the registered <see cref="IApinator"/> with the given fake (also resolvable as
    /// <see cref="FakeApinator"/>) and <see cref="ISockudoExtensions"/> with its <see cref="FakeApinator.Sockudo"/>,
    /// e.g. one made with your own options.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="fake">The fake.</param>
    /// <returns>The same fake.</returns>
    public static FakeApinator AddFakeApinator(this IServiceCollection services, FakeApinator fake)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(fake);
        return Register(services, fake, static _ => { });
    }

    private static FakeApinator Register(IServiceCollection services, FakeApinator fake, Action<IServiceProvider> seen)
    {
        services.RemoveAll<IApinator>();
        services.RemoveAll<FakeApinator>();
        services.AddSingleton(sp =>
        {
            seen(sp);
            return fake;
        });
        services.AddSingleton<IApinator>(sp => sp.GetRequiredService<FakeApinator>());
        // Over the fake's own service too, so the app's Sockudo calls never reach a real server.
        services.RemoveAll<ISockudoExtensions>();
        services.AddSingleton(sp => sp.GetRequiredService<FakeApinator>().Sockudo);
        // A publish queue, if the app has one, sends through the fake at once: a linger timer on a
        // test's fake clock would otherwise hold every event until the test advances it.
        services.PostConfigure<PublishQueueOptions>(static options => options.Linger = TimeSpan.Zero);
        return fake;
    }
}
