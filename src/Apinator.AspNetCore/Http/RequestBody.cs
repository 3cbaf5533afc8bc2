using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Apinator.AspNetCore.Http;

/// <summary>Reads a request body into a pooled buffer, refusing anything over a limit before it is all read.</summary>
internal static class RequestBody
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; returns null when the body is larger.</summary>
    public static async ValueTask<PooledBody?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = maxBytes + 1L;

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length ? (int)length + 1 : Math.Min(maxBytes + 1, 4096));
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes) break;
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
                if (total > maxBytes) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            total = maxBytes + 1;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (total > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new PooledBody(buffer, total);
    }

    public static bool IsJson(HttpRequest request) => KindOf(request.ContentType) == BodyKind.Json;

    /// <summary>
    /// What a content type announces. The exact types browsers and services send are recognised by an
    /// ordinal comparison; anything else (parameters in another order, other casing) is parsed.
    /// </summary>
    public static BodyKind KindOf(string? contentType)
    {
        switch (contentType)
        {
            case "application/json" or "application/json; charset=utf-8" or "application/json; charset=UTF-8":
                return BodyKind.Json;
            case "application/x-www-form-urlencoded" or "application/x-www-form-urlencoded; charset=UTF-8" or "application/x-www-form-urlencoded; charset=utf-8":
                return BodyKind.Form;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)) return BodyKind.Other;
        if (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)) return BodyKind.Form;
        return type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.MediaType.Value is { } media && media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            ? BodyKind.Json
            : BodyKind.Other;
    }
}

/// <summary>What a request's content type announces.</summary>
internal enum BodyKind
{
    /// <summary>Neither JSON nor a form.</summary>
    Other,

    /// <summary><c>application/json</c> or <c>application/…+json</c>.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>.</summary>
    Form,
}

/// <summary>A body read into a pooled array; return it with <see cref="Dispose"/>.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
