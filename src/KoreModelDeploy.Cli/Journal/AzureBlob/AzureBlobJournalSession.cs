using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>
/// An environment's Azure Blob journal held for an apply, under the first segment's lease (and the current segment's,
/// once there are several), renewed in the background every third of the lease's duration. Every append names the
/// lease and the position this session knows the segment ends at, so a holder that lost the lock, and the SDK's own
/// retry of an append that did land, write nothing twice. The first failed renewal cancels <see cref="Lost"/>, and the
/// session never renews again; after any failed append or renewal nothing more is written.
/// </summary>
internal sealed class AzureBlobJournalSession : IJournalSession
{
    private const int MaxMessageLength = 64 * 1024;

    private readonly AzureBlobSegments _segments;
    private readonly BlobLeaseClient _firstLease;
    private readonly TimeProvider _time;
    private readonly AzureBlobJournalSettings _settings;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private AppendBlobClient _current;
    private BlobLeaseClient _currentLease;
    private int _number;
    private long _length;
    private int _blocks;
    private Exception? _failure;
    private bool _renewalFailed;

    public AzureBlobJournalSession(AzureBlobSegments segments, string location, BlobLeaseClient firstLease, BlobLeaseClient? lastLease, SegmentEnd end, JournalContents contents, bool created, TimeProvider time, AzureBlobJournalSettings settings)
    {
        _segments = segments;
        Location = location;
        _firstLease = firstLease;
        _currentLease = lastLease ?? firstLease;
        _number = end.Number;
        _current = segments.Segment(end.Number);
        _length = end.Length;
        _blocks = end.Blocks;
        Contents = contents;
        Created = created;
        _time = time;
        _settings = settings;
        _renewals = Task.Run(RenewAsync);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public JournalContents Contents { get; }

    /// <inheritdoc/>
    public bool Created { get; }

    /// <inheritdoc/>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The lease id this session writes the current segment under, for tests that play a second writer.</summary>
    internal string CurrentLeaseId
    {
        get
        {
            lock (_gate)
            {
                return _currentLease.LeaseId;
            }
        }
    }

    /// <inheritdoc/>
    public void Append(JournalEvent journalEvent, DateTimeOffset? recordedAt = null)
    {
        lock (_gate)
        {
            if (_failure is { } earlier)
            {
                throw new JournalException(
                    _renewalFailed
                        ? $"Journal {Location}'s lease could not be renewed ({AzureBlobFailures.Describe(earlier)}); another run may hold the journal now, so this run writes nothing more to it and starts nothing more."
                        : $"Journal {Location} could not be written earlier in this run ({AzureBlobFailures.Describe(earlier)}); nothing more is written to it.",
                    earlier);
            }

            var entry = JournalEntries.From(journalEvent, recordedAt ?? _time.GetUtcNow());
            if (entry.Message is { Length: > MaxMessageLength } message)
            {
                entry = entry with { Message = message[..MaxMessageLength] + "…" };
            }

            var line = Line(entry);
            try
            {
                if (_blocks >= _settings.SegmentBlockLimit)
                {
                    RollOver();
                }

                AppendAtKnownPosition(line);
            }
            catch (Exception ex) when (AzureBlobFailures.IsStorageFailure(ex))
            {
                // Whether another run holds the journal now is not known: nothing more is written, and the next apply
                // reads what the service kept.
                _failure = ex;
                throw new JournalException(
                    $"Journal {Location} could not be written: {AzureBlobFailures.Describe(ex)}. This run may have lost the journal's lease to another run, "
                    + "so it writes nothing more and starts nothing more.",
                    ex);
            }
        }
    }

    /// <summary>Stops renewing and lets go of the leases, clearing the holder's name first; a lease that cannot be released lapses on its own.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _renewals.Wait(_settings.RenewalLimit + TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        lock (_gate)
        {
            if (_currentLease != _firstLease)
            {
                Release(_currentLease);
            }

            try
            {
                _segments.Segment(1).SetMetadata(new Dictionary<string, string>(), new BlobRequestConditions { LeaseId = _firstLease.LeaseId });
            }
            catch (Exception ex) when (AzureBlobFailures.IsStorageFailure(ex))
            {
                // The lease is gone or the service is unreachable: the name left there is that of a run that ended.
            }

            Release(_firstLease);
        }

        _stop.Dispose();
    }

    /// <summary>One journal line: the entry's JSON and a line break, appended as one block.</summary>
    internal static byte[] Line(JournalEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Lets a lease go; one that cannot be released lapses within its duration.</summary>
    internal static void Release(BlobLeaseClient lease)
    {
        try
        {
            lease.Release();
        }
        catch (Exception ex) when (AzureBlobFailures.IsStorageFailure(ex))
        {
        }
    }

    /// <summary>
    /// Appends <paramref name="line"/> where this session knows the segment ends. When the service refuses the
    /// position after the SDK retried, the first attempt may have landed and only its answer been lost: the block is
    /// then read back, and counts as written only if it is exactly there, at the end.
    /// </summary>
    private void AppendAtKnownPosition(byte[] line)
    {
        var conditions = new AppendBlobRequestConditions { LeaseId = _currentLease.LeaseId, IfAppendPositionEqual = _length };
        try
        {
            var info = _current.AppendBlock(new MemoryStream(line), new AppendBlobAppendBlockOptions { Conditions = conditions }).Value;
            _blocks = info.BlobCommittedBlockCount;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == AzureBlobFailures.AppendPositionConditionNotMet && Landed(line))
        {
            _blocks++;
        }

        _length += line.Length;
    }

    private bool Landed(byte[] line)
    {
        try
        {
            using var download = _current.DownloadStreaming(new BlobDownloadOptions { Range = new HttpRange(_length) }).Value;
            using var tail = new MemoryStream();
            download.Content.CopyTo(tail);
            return tail.Length == line.Length && tail.GetBuffer().AsSpan(0, line.Length).SequenceEqual(line);
        }
        catch (RequestFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts the next segment: this run must still hold the one it filled (checked before and after, by renewing
    /// that lease), so that a run that lost the lock begins nothing another run could miss.
    /// </summary>
    private void RollOver()
    {
        _currentLease.Renew();
        var next = _segments.Segment(_number + 1);
        try
        {
            next.Create(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Begun by a run that died before its first line there: the append at position 0 proves it empty.
        }

        var lease = next.GetBlobLeaseClient();
        try
        {
            lease.Acquire(_settings.LeaseDuration);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == AzureBlobFailures.LeaseAlreadyPresent)
        {
            next.GetBlobLeaseClient().Break(TimeSpan.Zero);
            lease.Acquire(_settings.LeaseDuration);
        }

        try
        {
            _currentLease.Renew();
        }
        catch
        {
            Release(lease);
            throw;
        }

        if (_currentLease != _firstLease)
        {
            Release(_currentLease);
        }

        _current = next;
        _currentLease = lease;
        _number++;
        _length = 0;
        _blocks = 0;
    }

    /// <summary>Renews every lease this session holds; <see langword="false"/> once one fails, or the session ends.</summary>
    private bool Renew()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                limit.CancelAfter(_settings.RenewalLimit);
                _firstLease.Renew(cancellationToken: limit.Token);
                if (_currentLease != _firstLease)
                {
                    _currentLease.Renew(cancellationToken: limit.Token);
                }

                return true;
            }
            catch (Exception ex) when (AzureBlobFailures.IsStorageFailure(ex))
            {
                if (!_stop.IsCancellationRequested && _failure is null)
                {
                    _failure = ex;
                    _renewalFailed = true;
                }

                return false;
            }
        }
    }

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_settings.RenewEvery, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!Renew())
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                // Another run may take the lease from now on: this one renews no more, writes no more and starts
                // nothing more. Whatever waits on Lost ends.
                _lost.Cancel();
                return;
            }
        }
    }
}
