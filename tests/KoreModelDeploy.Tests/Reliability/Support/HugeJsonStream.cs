namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>
/// A valid JSON document of a given size, produced on the fly without a declared length, so the client cannot reject
/// it from its headers and must stop reading by itself.
/// </summary>
internal sealed class HugeJsonStream(long length, Action onRead) : Stream
{
    private static readonly byte[] Head = "{\"pad\":\""u8.ToArray();
    private static readonly byte[] Tail = "\"}"u8.ToArray();
    private long _position;

    public long BytesServed => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        onRead();
        var n = 0;
        while (n < buffer.Length && _position < length)
        {
            buffer[n++] = _position < Head.Length ? Head[_position]
                : _position >= length - Tail.Length ? Tail[_position - (length - Tail.Length)]
                : (byte)'a';
            _position++;
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
