namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>A response body that delivers a prefix and then fails as a reset connection does.</summary>
internal sealed class FailingStream(ReadOnlyMemory<byte> prefix, Action onRead) : ForwardOnlyReadStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        onRead();
        if (_position >= prefix.Length)
        {
            throw new IOException("Unable to read data from the transport connection: Connection reset by peer.");
        }

        var n = Math.Min(buffer.Length, prefix.Length - _position);
        prefix.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
