using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Apinator.Packaging.Tests;

/// <summary>
/// What <c>dotnet pack</c> ships: exactly one package (plus symbols) per project under <c>src/</c>, each
/// with its README, XML docs, license and repository, and a fresh app that installs Apinator.AspNetCore
/// from those packages and answers a channel authorization.
/// </summary>
public sealed class PackagingTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public void The_feed_holds_exactly_one_package_and_one_symbol_package_per_src_project()
    {
        Assert.NotEmpty(feed.PackageIds);
        Assert.EndsWith("-" + feed.VersionSuffix, feed.Version, StringComparison.Ordinal);

        var expected = feed.PackageIds
            .SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" })
            .Order(StringComparer.Ordinal);
        var actual = Directory.GetFiles(feed.FeedDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_package_carries_its_readme_xml_docs_license_and_repository()
    {
        foreach (var id in feed.PackageIds)
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed.FeedDirectory, $"{id}.{feed.Version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.Equal(id, metadata.Element(ns + "id")?.Value);
            Assert.Equal(feed.Version, metadata.Element(ns + "version")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("Apinator for ASP.NET Core contributors", metadata.Element(ns + "authors")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), $"{id} has no description.");
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "tags")?.Value), $"{id} has no tags.");

            var license = metadata.Element(ns + "license");
            Assert.Equal("expression", license?.Attribute("type")?.Value);
            Assert.Equal("MIT", license?.Value);

            var repository = metadata.Element(ns + "repository");
            Assert.Equal("git", repository?.Attribute("type")?.Value);
            Assert.StartsWith("https://", repository?.Attribute("url")?.Value, StringComparison.Ordinal);

            using var symbols = ZipFile.OpenRead(Path.Combine(feed.FeedDirectory, $"{id}.{feed.Version}.snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public async Task A_fresh_minimal_api_app_installs_the_package_and_signs_a_channel_authorization()
    {
        await using var app = await ConsumerApp.CreateAndStartAsync(feed, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        using var body = new FormUrlEncodedContent([new("socket_id", "1.2"), new("channel_name", "private-test")]);
        using var response = await http.PostAsync(new Uri("realtime/auth", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}\n{app.Output}");
        Assert.Equal(200, (int)response.StatusCode);

        using var json = JsonDocument.Parse(text);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(ConsumerApp.Secret), Encoding.UTF8.GetBytes("1.2:private-test")));
        Assert.Equal($"{ConsumerApp.Key}:{signature}", json.RootElement.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task The_packed_webhook_endpoint_handles_a_signed_delivery_once_and_refuses_a_forged_one()
    {
        await using var app = await ConsumerApp.CreateAndStartAsync(feed, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var body = $$"""{"time_ms":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"events":[{"name":"channel_occupied","channel":"private-packed"}]}""";
        // The service's signature, computed here: hex HMAC-SHA256 of the raw body with the secret.
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ConsumerApp.Secret), Encoding.UTF8.GetBytes(body)));

        HttpRequestMessage Delivery(string sig)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("webhooks/apinator", UriKind.Relative))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Pusher-Key", ConsumerApp.Key);
            request.Headers.Add("X-Pusher-Signature", sig);
            return request;
        }

        using var handled = await http.SendAsync(Delivery(signature));
        using var replayed = await http.SendAsync(Delivery(signature));
        using var forged = await http.SendAsync(Delivery(new string('0', 64)));

        Assert.True(handled.StatusCode == HttpStatusCode.OK, $"{(int)handled.StatusCode}: {await handled.Content.ReadAsStringAsync()}\n{app.Output}");
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        // Handled once: the replay was answered 200 without running the handler again.
        Assert.Single(app.Output.Split('\n'), line => line.Contains("handled channel_occupied private-packed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_packed_publish_queue_sends_an_enqueued_event_as_a_signed_batch_call()
    {
        // The realtime service: a plain HttpListener that takes the first call and answers {}.
        var port = ConsumerApp.FreePort();
        using var service = new HttpListener();
        service.Prefixes.Add($"http://127.0.0.1:{port}/");
        service.Start();
        var received = service.GetContextAsync();
        await using var app = await ConsumerApp.CreateAndStartAsync(feed, TimeSpan.FromSeconds(60), new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        using var accepted = await http.PostAsync(new Uri("enqueue", UriKind.Relative), null);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}\n{app.Output}");
        // A guard time only fails a broken test sooner: the queue sends at once.
        var call = await received.WaitAsync(TimeSpan.FromSeconds(30));
        string body;
        using (var reader = new StreamReader(call.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var url = call.Request.Url!;
        call.Response.ContentType = "application/json";
        await call.Response.OutputStream.WriteAsync("{}"u8.ToArray());
        call.Response.Close();

        Assert.Equal("POST", call.Request.HttpMethod);
        Assert.Equal("/apps/1/batch_events", url.AbsolutePath);
        using var json = JsonDocument.Parse(body);
        var sent = Assert.Single(json.RootElement.GetProperty("batch").EnumerateArray());
        Assert.Equal(("private-packed", "packed-event", "{\"n\":1}"), (sent.GetProperty("channel").GetString(), sent.GetProperty("name").GetString(), sent.GetProperty("data").GetString()));

        // Pusher's signature, computed here from PROTOCOL.md: the sorted query without auth_signature, and the body's MD5.
        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
#pragma warning disable CA5351 // The protocol's body digest is MD5.
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body))), query["body_md5"]);
#pragma warning restore CA5351
        var signed = string.Join('&', query.Where(p => p.Key != "auth_signature").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ConsumerApp.Secret), Encoding.UTF8.GetBytes($"POST\n/apps/1/batch_events\n{signed}")));
        Assert.Equal(expected, query["auth_signature"]);
        Assert.Equal(ConsumerApp.Key, query["auth_key"]);
    }
}
