namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Compare-and-act on a lease key (a webhook claim, a publish queue lane): each touches the key only
/// while it still holds the caller's value, so a lapsed lease, now another owner's, is left alone.
/// </summary>
internal static class RedisLeaseScripts
{
    // KEYS[1] key; ARGV[1] the caller's value, ARGV[2] lease in ms. 1 when still the caller's and extended.
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // KEYS[1] key; ARGV[1] the caller's value. Compare-and-delete: another owner's value (or done) stays.
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
