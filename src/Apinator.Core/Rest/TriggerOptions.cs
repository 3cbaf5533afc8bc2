namespace Apinator.Rest;

/// <summary>Optional settings of one trigger.</summary>
public sealed record TriggerOptions
{
    /// <summary>A socket id (<c>1234.5678</c>) that must not receive the event, usually the sender's own.</summary>
    public string? SocketId { get; init; }

    /// <summary>Attributes the answer should carry for each channel.</summary>
    public ChannelInfo Info { get; init; }
}
