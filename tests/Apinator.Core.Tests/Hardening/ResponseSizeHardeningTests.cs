using System.IO.Compression;
using System.Text;
using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 11: an answer is read only up to <see cref="ApinatorOptions.MaxResponseBytes"/>, counted
/// after decompression, whatever the server declares or sends; beyond it the call fails with
/// <see cref="ApinatorApiException"/>. Real sockets, so decompression and chunking are the handler's own.
/// </summary>
/// <remarks>Not run in parallel with other tests: the gzip bomb test measures the process's allocations.</remarks>
[Collection(nameof(ResponseSizeHardeningTests))]
[CollectionDefinition(nameof(ResponseSizeHardeningTests), DisableParallelization = true)]
public sealed class ResponseSizeHardeningTests
{
    private const int SmallCap = 1024;

    /// <summary>200 MB of zeros after a JSON start, gzip-compressed to a few hundred KB.</summary>
    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"channels\":{\"a\":{\"pad\":\""u8);
            var zeros = new byte[64 * 1024];
            for (var written = 0L; written < 200L * 1024 * 1024; written += zeros.Length) gzip.Write(zeros);
        }

        return compressed.ToArray();
    });

    private static ApinatorClient ClientFor(LoopbackServer server, int? maxResponseBytes = null) => new(new ApinatorOptions
    {
        AppId = TestClient.AppId,
        Key = TestClient.Key,
        Secret = TestClient.Secret,
        Protocol = ApinatorProtocol.Pusher,
        BaseAddress = server.Address,
        MaxResponseBytes = maxResponseBytes ?? ApinatorOptions.DefaultMaxResponseBytes,
        // Long enough that a client waiting for the rest of a body shows up as a timeout, not as the size refusal.
        Timeout = TimeSpan.FromSeconds(20),
    });

    /// <summary>A valid channels answer of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] ChannelsAnswer(int length)
    {
        const string Start = "{\"channels\":{\"a\":{\"subscription_count\":1}},\"pad\":\"";
        const string End = "\"}";
        var text = Start + new string('x', length - Start.Length - End.Length) + End;
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
        return compressed.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/>, then never finishes the body (until the client goes away).</summary>
    private static async Task WriteThenStallAsync(HttpContext context, byte[] bytes)
    {
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up, as it should.
        }
    }

    private static void AssertTooLarge(ApinatorApiException error, int status)
    {
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_with_bounded_memory()
    {
        var bomb = GzipBomb.Value;
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await context.Response.WriteAsync("{\"channels\":{}}", context.RequestAborted);
                return;
            }

            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = bomb.Length;
            await context.Response.Body.WriteAsync(bomb, context.RequestAborted);
        });
        using var client = ClientFor(server);
        await client.GetChannelsAsync(); // Warm up: connection, JIT and pools are not what is measured.
        Assert.True(bomb.Length < ApinatorOptions.DefaultMaxResponseBytes, "The bomb must pass the compressed Content-Length check.");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => client.GetChannelsAsync());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        AssertTooLarge(error, 200);
        Assert.True(allocated < 64L * 1024 * 1024, $"Reading the bomb allocated {allocated / (1024 * 1024)} MiB.");
    }

    [Fact]
    public async Task A_small_gzip_answer_that_decompresses_past_the_cap_is_refused()
    {
        var compressed = Gzip(ChannelsAnswer(SmallCap * 5));
        Assert.True(compressed.Length < SmallCap);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = compressed.Length;
            await context.Response.Body.WriteAsync(compressed, context.RequestAborted);
        });
        using var client = ClientFor(server, SmallCap);

        AssertTooLarge(await Assert.ThrowsAsync<ApinatorApiException>(() => client.GetChannelsAsync()), 200);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public async Task A_declared_length_over_the_cap_is_refused_without_reading_the_body(int status)
    {
        // The body never completes: a client that started reading it would wait for its timeout.
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentLength = 1_000_000;
            return WriteThenStallAsync(context, new byte[100]);
        });
        using var client = ClientFor(server, SmallCap);

        AssertTooLarge(await Assert.ThrowsAsync<ApinatorApiException>(() => client.GetChannelsAsync()), status);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public async Task A_chunked_body_is_refused_as_soon_as_it_passes_the_cap(int status)
    {
        // Just past the cap, then the body stalls: the client must stop at cap + 1 bytes, not wait for more.
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            return WriteThenStallAsync(context, Encoding.ASCII.GetBytes("{\"channels\":{},\"pad\":\"" + new string('x', SmallCap)));
        });
        using var client = ClientFor(server, SmallCap);

        AssertTooLarge(await Assert.ThrowsAsync<ApinatorApiException>(() => client.GetChannelsAsync()), status);
    }

    [Theory]
    [InlineData(SmallCap - 1, true)]
    [InlineData(SmallCap, true)]
    [InlineData(SmallCap - 1, false)]
    [InlineData(SmallCap, false)]
    public async Task An_answer_up_to_the_cap_is_read(int length, bool chunked)
    {
        var answer = ChannelsAnswer(length);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (!chunked) context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer.AsMemory(0, 10), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(answer.AsMemory(10), context.RequestAborted);
        });
        using var client = ClientFor(server, SmallCap);

        var channels = await client.GetChannelsAsync();

        var channel = Assert.Single(channels);
        Assert.Equal("a", channel.Name);
        Assert.Equal(1, channel.SubscriptionCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_cap_that_is_not_positive_is_refused_naming_the_setting(int maxResponseBytes)
    {
        var options = TestClient.OptionsFor(ApinatorProtocol.Pusher);
        options.MaxResponseBytes = maxResponseBytes;

        Assert.Contains(options.Validate(), e => e.Contains("Apinator:MaxResponseBytes", StringComparison.Ordinal));
        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }
}
