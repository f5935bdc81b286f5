namespace KoreModelDeploy.Tests.Reliability.Support;

/// <summary>
/// A valid JSON document of a given size, produced on the fly without a declared length, so the client cannot reject
/// it from its headers and must stop reading by itself.
/// </summary>
internal sealed class HugeJsonStream(long length, Action onRead) : ForwardOnlyReadStream
{
    private static readonly byte[] Head = "{\"pad\":\""u8.ToArray();
    private static readonly byte[] Tail = "\"}"u8.ToArray();
    private long _position;

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
}
