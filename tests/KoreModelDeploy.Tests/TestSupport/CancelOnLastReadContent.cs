namespace KoreModelDeploy.Tests.TestSupport;

/// <summary>
/// A body that cancels the caller's token as its last bytes are read, ignoring the token itself as some handlers do, so
/// the attempt ends with a full answer and the cancellation is seen only afterwards.
/// </summary>
internal sealed class CancelOnLastReadContent(byte[] bytes, CancellationTokenSource cancel) : HttpContent
{
    public bool Disposed { get; private set; }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new CancellingStream(bytes, cancel));

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private sealed class CancellingStream(byte[] bytes, CancellationTokenSource cancel) : MemoryStream(bytes, writable: false)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(CancelAtTheEnd(Read(buffer, offset, count)));

#if NET
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(CancelAtTheEnd(Read(buffer.Span)));
#endif

        private int CancelAtTheEnd(int read)
        {
            if (Position == Length)
            {
                cancel.Cancel();
            }

            return read;
        }
    }
}
