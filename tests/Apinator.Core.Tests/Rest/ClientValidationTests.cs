using Apinator.Channels;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Rest;

/// <summary>Every protocol rule, broken: the call fails locally and nothing reaches the wire.</summary>
public class ClientValidationTests
{
    public static TheoryData<string> BadSocketIds => new() { "1.1:private-other", "abc", "", "1.", ".1", " 1.1", "1.1 ", "1..1", "-1.1", "1.1\n", "١.١" };

    public static TheoryData<string> BadChannelNames => new() { "with space", new string('a', 165), "", "a:b", "a/b", "#server-to-user-u-1", "a\u00e9" };

    private static async Task AssertRefusedBeforeSending<TException>(TestClient test, Func<ApinatorClient, Task> call)
        where TException : ApinatorException
    {
        var error = await Assert.ThrowsAsync<TException>(() => call(test.Client));
        Assert.Equal(0, error.StatusCode);
        Assert.Empty(test.Handler.Requests);
    }

    [Theory]
    [MemberData(nameof(BadSocketIds))]
    public async Task A_bad_socket_id_is_refused_everywhere(string socketId)
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", "e", "x", new TriggerOptions { SocketId = socketId }));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync(["a", "b"], "e", "x", new TriggerOptions { SocketId = socketId }));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync([new BatchEvent("c", "e", "x") { SocketId = socketId }]));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel(socketId, "private-c"));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel(socketId, "presence-c", new PresenceMember("u-1")));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthenticateUser(socketId, new UserData("u-1")));
        Assert.Empty(test.Handler.Requests);
    }

    [Theory]
    [MemberData(nameof(BadChannelNames))]
    public async Task A_bad_channel_name_is_refused_everywhere(string channel)
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync(channel, "e", "x"));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync(["ok", channel], "e", "x"));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync([new BatchEvent("ok", "e", "x"), new BatchEvent(channel, "e", "x")]));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.GetChannelAsync(channel));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.GetPresenceUsersAsync(channel));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel("1.1", channel));
    }

    [Fact]
    public async Task A_channel_name_of_164_characters_is_accepted()
    {
        using var test = new TestClient();

        await test.Client.TriggerAsync(new string('a', 164), "e", "x");

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task A_prefix_that_can_match_no_channel_is_refused()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.GetChannelsAsync("bad prefix"));
    }

    [Fact]
    public async Task More_than_100_channels_are_refused_and_100_pass()
    {
        using var test = new TestClient();
        var channels = Enumerable.Range(0, 101).Select(i => "c" + i).ToArray();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync(channels, "e", "x"));
        await test.Client.TriggerAsync(channels[..100], "e", "x");

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task No_channel_at_all_is_refused()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync(Array.Empty<string>(), "e", "x"));
    }

    [Fact]
    public async Task More_than_10_batch_events_are_refused_and_10_pass()
    {
        using var test = new TestClient();
        var events = Enumerable.Range(0, 11).Select(i => new BatchEvent("c", "e" + i, "x")).ToArray();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync(events));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync([]));
        await test.Client.TriggerBatchAsync(events[..10]);

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task Data_of_10241_bytes_is_refused_and_10240_pass()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", "e", new string('a', 10_241)));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync([new BatchEvent("c", "e", new string('a', 10_241))]));
        await test.Client.TriggerAsync("c", "e", new string('a', 10_240));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task The_data_limit_counts_utf8_bytes_not_characters()
    {
        using var test = new TestClient();

        // 5 121 two-byte characters: 10 242 bytes.
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", "e", new string('é', 5_121)));
        await test.Client.TriggerAsync("c", "e", new string('é', 5_120));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task The_data_limit_applies_to_serialized_objects()
    {
        using var test = new TestClient();

        // {"v":"…"} is 8 bytes around the value.
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", "e", new { v = new string('a', 10_233) }));
        await test.Client.TriggerAsync("c", "e", new { v = new string('a', 10_232) });

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task The_data_limit_is_configurable()
    {
        using var test = new TestClient(configure: o => o.MaxDataBytes = 20_000);

        await test.Client.TriggerAsync("c", "e", new string('a', 20_000));
        await Assert.ThrowsAsync<ApinatorValidationException>(() => test.Client.TriggerAsync("c", "e", new string('a', 20_001)));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task An_event_name_of_201_characters_is_refused_and_200_pass()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", new string('e', 201), "x"));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync("c", "", "x"));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerBatchAsync([new BatchEvent("c", new string('e', 201), "x")]));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.SendToUserAsync("u-1", new string('e', 201), "x"));
        await test.Client.TriggerAsync("c", new string('e', 200), "x");

        Assert.Single(test.Handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("u 1")]
    [InlineData("u:1")]
    [InlineData("u/1")]
    public async Task A_bad_user_id_is_refused(string userId)
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.SendToUserAsync(userId, "e", "x"));
        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TerminateUserConnectionsAsync(userId));
    }

    [Fact]
    public async Task Presence_users_of_a_non_presence_channel_are_refused()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.GetPresenceUsersAsync("private-room"));
    }

    [Fact]
    public void Presence_authorization_needs_a_member_with_a_user_id()
    {
        using var test = new TestClient();

        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel("1.1", "presence-room"));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel("1.1", "presence-room", new PresenceMember("")));
        Assert.Throws<ApinatorValidationException>(() => test.Client.AuthenticateUser("1.1", new UserData("")));
        Assert.Empty(test.Handler.Requests);
    }

    [Theory]
    [InlineData("private-encrypted-a", "b")]
    [InlineData("b", "private-encrypted-a")]
    [InlineData("private-encrypted-a", "private-encrypted-b")]
    public async Task An_encrypted_channel_is_not_mixed_with_another_in_one_trigger(string first, string second)
    {
        using var test = new TestClient(configure: o => o.EncryptionMasterKeyBase64 = TestClient.MasterKeyBase64);

        await AssertRefusedBeforeSending<ApinatorValidationException>(test, c => c.TriggerAsync([first, second], "e", "x"));
    }

    [Fact]
    public async Task An_encrypted_trigger_without_a_master_key_is_refused()
    {
        using var test = new TestClient();

        await AssertRefusedBeforeSending<ApinatorEncryptionException>(test, c => c.TriggerAsync("private-encrypted-a", "e", "x"));
        await AssertRefusedBeforeSending<ApinatorEncryptionException>(test, c => c.TriggerBatchAsync([new BatchEvent("private-encrypted-a", "e", "x")]));
        Assert.Throws<ApinatorEncryptionException>(() => test.Client.AuthorizeChannel("1.1", "private-encrypted-a"));
    }
}
