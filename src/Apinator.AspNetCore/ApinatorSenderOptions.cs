namespace Apinator.AspNetCore;

/// <summary>Where <see cref="SenderExclusion.ToOthers"/> reads the sender's socket id.</summary>
public sealed class ApinatorSenderOptions
{
    /// <summary>The request header carrying the browser's socket id; <c>X-Socket-ID</c> by default.</summary>
    public string HeaderName { get; set; } = SenderExclusion.DefaultHeaderName;
}
