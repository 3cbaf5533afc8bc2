namespace Apinator.Sockudo;

/// <summary>Fields of a versioned message that an update or delete can clear (<c>clear_fields</c>).</summary>
[Flags]
public enum MessageFields
{
    /// <summary>No field.</summary>
    None = 0,

    /// <summary>The event name (<c>name</c>); update only.</summary>
    Name = 1,

    /// <summary>The data (<c>data</c>).</summary>
    Data = 2,

    /// <summary>The extras (<c>extras</c>).</summary>
    Extras = 4,
}
