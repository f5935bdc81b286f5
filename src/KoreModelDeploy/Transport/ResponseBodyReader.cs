namespace KoreModelDeploy.Transport;

/// <summary>Reads a response body with a size cap, so a hostile or broken answer cannot exhaust memory.</summary>
internal static class ResponseBodyReader
{
    /// <summary>The largest success body read. The API's documents are a few hundred bytes.</summary>
    public const int MaxSuccessBodyBytes = 1024 * 1024;

    /// <summary>How much of an error body is kept: enough for any error document or the start of a gateway page.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    public static async ValueTask<byte[]> ReadAsync(HttpContent? content, bool isSuccess, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }

        var limit = isSuccess ? MaxSuccessBodyBytes : MaxErrorBodyBytes;
        var declared = content.Headers.ContentLength;
        if (isSuccess && declared > limit)
        {
            throw new ResponseTooLargeException(declared.Value, limit);
        }

#if NET
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);

        // .NET Framework's response streams ignore the token: disposing the stream is what ends a stalled read there.
        using var abort = cancellationToken.Register(static s => ((Stream)s!).Dispose(), stream);
#endif
        if (declared is { } length && length <= limit)
        {
            return await ReadExactlyAsync(stream, (int)length, cancellationToken).ConfigureAwait(false);
        }

        return await ReadUpToAsync(stream, limit, isSuccess, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<byte[]> ReadExactlyAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
#if NET
            // The Memory overload completes synchronously without allocating a Task<int> when the bytes are buffered.
            var n = await stream.ReadAsync(buffer.AsMemory(read, length - read), cancellationToken).ConfigureAwait(false);
#else
            var n = await stream.ReadAsync(buffer, read, length - read, cancellationToken).ConfigureAwait(false);
#endif
            if (n == 0)
            {
                // Fewer bytes than Content-Length promised: the connection ended early. HttpClient normally reports this
                // itself; this is the backstop for handlers that do not.
                throw new IOException($"The response ended after {read} of {length} bytes.");
            }

            read += n;
        }

        return buffer;
    }

    private static async ValueTask<byte[]> ReadUpToAsync(Stream stream, int limit, bool throwIfLarger, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return copy.ToArray();
            }

            var room = limit - (int)copy.Length;
            if (n > room)
            {
                if (throwIfLarger)
                {
                    throw new ResponseTooLargeException(null, limit);
                }

                copy.Write(buffer, 0, room);
                return copy.ToArray();
            }

            copy.Write(buffer, 0, n);
        }
    }
}

/// <summary>A success answer larger than <see cref="ResponseBodyReader.MaxSuccessBodyBytes"/>.</summary>
internal sealed class ResponseTooLargeException(long? declaredLength, int limit)
    : IOException(declaredLength is { } d
        ? FormattableString.Invariant($"The response body is {d} bytes, more than the {limit} bytes accepted.")
        : FormattableString.Invariant($"The response body is more than the {limit} bytes accepted."));
