using Apinator.Sockudo;

namespace Apinator.Dialects;

/// <summary>
/// Sockudo: signed, shaped and verified exactly as Pusher, plus its extensions: namespaced channel
/// names (<c>private-chat:room1</c>, ':' allowed, up to 200 characters), idempotent publish (a retried
/// publish carrying its key is de-duplicated, so a 5xx may be retried), event tags and extras, history,
/// versioned messages and annotations. Self-hosted: no cluster address.
/// </summary>
internal sealed class SockudoDialect(ApinatorProtocol protocol) : PusherDialect(protocol)
{
    public override int MaxChannelNameLength => SockudoRules.MaxChannelLength;

    public override string ChannelNameCharacters => "letters, digits and _ - = @ , . ; :";

    public override bool IsValidChannelName(ReadOnlySpan<char> name) => SockudoRules.IsValidChannel(name);

    internal override void CheckChannelName(string? channel, string parameterName) => SockudoRules.Channel(channel, parameterName);

    internal override bool OffersClusterAddress => false;

    internal override bool OffersExtensions => true;
}
