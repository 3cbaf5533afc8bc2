namespace Apinator.Sockudo;

/// <summary>The order of a Sockudo history or versions page.</summary>
public enum HistoryDirection
{
    /// <summary><c>newest_first</c>: the newest entry first (Sockudo's default).</summary>
    NewestFirst = 0,

    /// <summary><c>oldest_first</c>: the oldest entry first.</summary>
    OldestFirst = 1,
}
