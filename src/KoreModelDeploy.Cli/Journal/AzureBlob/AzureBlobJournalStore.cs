using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>
/// An environment's journal in Azure Blob Storage: the lines of a journal file, one append block each, in append blobs
/// <c>PATH/ENV/00001.jsonl</c>, <c>00002.jsonl</c>, … (<see cref="AzureBlobSegments"/>). Reading (<c>plan</c>,
/// <c>journal show</c>) takes no lease.
/// </summary>
/// <remarks>
/// <para>
/// The lock is a finite lease (60 s) on the first segment, renewed in the background every 20 s by its holder
/// (<see cref="AzureBlobJournalSession"/>), never an infinite one: a run that dies lets go within a minute, with nothing
/// to unlock by hand. Right after taking it the holder writes who it is into the first segment's metadata, which only
/// the lease's holder can write, and a refused run reads it from there.
/// </para>
/// <para>
/// Rollover: a segment takes <see cref="AzureBlobJournalSettings.SegmentBlockLimit"/> appends (Azure refuses the
/// 50,001st). The holder then creates the next segment, takes its lease too, confirms it still holds the segment it
/// filled, and from then on renews the first segment's lease and the current one's. A run taking the lock takes the
/// first segment's lease, then breaks and takes the lease of the last segment, and looks again for a later one,
/// which it takes the same way: a holder that lost the lock finds the lease id of the segment it writes to no longer
/// works, and every append also names the position it expects (<c>IfAppendPositionEqual</c>), so it writes nothing more.
/// </para>
/// </remarks>
/// <param name="location">The container and folder.</param>
/// <param name="name">The journal's name: the environment's, as <c>--env</c> names it.</param>
/// <param name="environment">The environment the run is for, checked against the journal's binding.</param>
/// <param name="host">The host the run uses, checked against the journal's binding.</param>
/// <param name="time">The clock that stamps each event, paces a wait and the lease's renewals.</param>
/// <param name="holder">This run, as a refused one is told.</param>
/// <param name="wait">How long to wait for another holder (<c>--lock-timeout</c>); <see langword="null"/> to be refused at once.</param>
/// <param name="settings">The lease's duration and a segment's size; the defaults unless a test shortens them.</param>
internal sealed class AzureBlobJournalStore(
    AzureBlobJournalLocation location,
    string name,
    string environment,
    Uri host,
    TimeProvider time,
    JournalHolder holder,
    LockWait? wait = null,
    AzureBlobJournalSettings? settings = null) : IJournalStore
{
    /// <summary>How long a refused run looks for the holder's metadata, which the holder writes right after taking the lease.</summary>
    private static readonly TimeSpan HolderMetadataWait = TimeSpan.FromSeconds(5);

    private readonly AzureBlobJournalSettings _settings = settings ?? new AzureBlobJournalSettings();

    /// <inheritdoc/>
    public string Location => location.Display;

    /// <inheritdoc/>
    public JournalContents? Read()
    {
        var segments = Segments();
        return Guard(() =>
        {
            using var buffer = new MemoryStream();
            if (segments.ReadFrom(1, buffer) is null)
            {
                return null;
            }

            buffer.Position = 0;
            var contents = JournalContents.Read(buffer, Location);
            contents.Binding.Check(Location, environment, host);
            return contents;
        });
    }

    /// <inheritdoc/>
    public IJournalSession Open(bool init, bool rebinding = false)
    {
        var segments = Segments();
        BlobLeaseClient? firstLease = null;
        BlobLeaseClient? lastLease = null;
        try
        {
            return Guard(() =>
            {
                var first = segments.Segment(1);
                var created = false;
                if (!segments.Exists(1))
                {
                    if (!init)
                    {
                        throw new JournalException(
                            $"No journal for environment '{name}' in {Location}. Without it every model would be deployed again, including those already running. "
                            + "If this is the first apply for this environment, pass --init; otherwise check --env and --journal.");
                    }

                    segments.Container.CreateIfNotExists();
                    created = TryCreate(first);
                }

                firstLease = TakeLock(first);
                first.SetMetadata(AzureBlobHolderMetadata.Of(holder with { Since = time.GetUtcNow() }), new BlobRequestConditions { LeaseId = firstLease.LeaseId });

                var last = 1;
                while (segments.Exists(last + 1))
                {
                    last++;
                }

                while (last > 1)
                {
                    // The segment a holder that lost the lock may still write to: its lease is broken and taken, so
                    // that holder's lease id stops working there. A segment it began meanwhile is taken the same way.
                    lastLease = TakeOver(segments.Segment(last));
                    if (!segments.Exists(last + 1))
                    {
                        break;
                    }

                    AzureBlobJournalSession.Release(lastLease);
                    lastLease = null;
                    last++;
                }

                var buffer = new MemoryStream();
                var end = segments.ReadFrom(1, buffer) ?? throw Changed();
                if (end.Number != last)
                {
                    throw Changed();
                }

                if (end.Number == 1 && end.Length == 0 && init)
                {
                    // Created here, or left empty by a run that created it and died before its header: either way
                    // there is nothing in it to lose, and --init writes the header.
                    var header = AzureBlobJournalSession.Line(new JournalEntry { At = time.GetUtcNow(), Event = EntryKinds.Header, Environment = environment, Host = HostSetting.Display(host) });
                    first.AppendBlock(new MemoryStream(header), new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { LeaseId = firstLease.LeaseId, IfAppendPositionEqual = 0 } });
                    buffer.Write(header);
                    end = end with { Length = header.Length, Blocks = 1 };
                    created = true;
                }

                buffer.Position = 0;
                var contents = JournalContents.Read(buffer, Location);
                if (contents.TornTail is not null)
                {
                    throw new JournalException(
                        $"Journal {JournalName} is damaged: its last block is not a whole line, which kore-deploy never appends. Nothing was changed and nothing was sent. "
                        + "Check what else writes to that container.");
                }

                if (!rebinding)
                {
                    contents.Binding.Check(Location, environment, host);
                }

                var session = new AzureBlobJournalSession(segments, Location, firstLease, lastLease, end, contents, created, time, _settings);
                firstLease = null;
                lastLease = null;
                return (IJournalSession)session;
            });
        }
        finally
        {
            // Refused or failed after taking a lease: let it go now rather than in a minute.
            if (lastLease is not null)
            {
                AzureBlobJournalSession.Release(lastLease);
            }

            if (firstLease is not null)
            {
                AzureBlobJournalSession.Release(firstLease);
            }
        }
    }

    /// <summary>The journal as messages of this store name it: the location and the environment. Messages that suggest a command name the location alone, as <c>--journal</c> takes it.</summary>
    private string JournalName => $"{Location} (environment '{name}')";

    private AzureBlobSegments Segments() => new(location.ContainerClient(_settings.ClientOptions()), location, name);

    /// <summary>Creates the first segment; of two applies creating it at once, one creates it and the other finds it.</summary>
    private static bool TryCreate(AppendBlobClient first)
    {
        try
        {
            first.Create(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } });
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Takes the first segment's lease, waiting for it with <c>--lock-timeout</c>; refused naming the holder otherwise.</summary>
    private BlobLeaseClient TakeLock(AppendBlobClient first)
    {
        var lease = first.GetBlobLeaseClient();
        if (TryAcquire(lease))
        {
            return lease;
        }

        var current = FindHolder(first, HolderMetadataWait);
        if (wait is null)
        {
            throw Held(current, "Wait for it to end, or pass --lock-timeout to wait for it.");
        }

        var deadline = time.GetUtcNow() + wait.Timeout;
        var nextReport = time.GetUtcNow();
        while (true)
        {
            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                throw Held(current, $"It still held it after --lock-timeout {DurationText.Format(wait.Timeout)}.");
            }

            if (now >= nextReport)
            {
                wait.Report($"waiting for journal {JournalName}, held by {current}; giving up in {DurationText.Format(TimeSpan.FromSeconds(Math.Ceiling((deadline - now).TotalSeconds)))}");
                nextReport = now + LockWait.ReportEvery;
            }

            var left = deadline - now;
            Task.Delay(left < _settings.RetryEvery ? left : _settings.RetryEvery, time).GetAwaiter().GetResult();
            if (TryAcquire(lease))
            {
                return lease;
            }

            if (time.GetUtcNow() >= nextReport)
            {
                current = FindHolder(first, TimeSpan.Zero);
            }
        }
    }

    private bool TryAcquire(BlobLeaseClient lease)
    {
        try
        {
            lease.Acquire(_settings.LeaseDuration);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == AzureBlobFailures.LeaseAlreadyPresent)
        {
            return false;
        }
    }

    /// <summary>Takes a later segment's lease, breaking one a holder that lost the lock may still have on it.</summary>
    internal BlobLeaseClient TakeOver(AppendBlobClient segment)
    {
        var lease = segment.GetBlobLeaseClient();
        if (!TryAcquire(lease))
        {
            segment.GetBlobLeaseClient().Break(TimeSpan.Zero);
            lease.Acquire(_settings.LeaseDuration);
        }

        return lease;
    }

    /// <summary>Who holds the lease, from the first segment's metadata; looked for up to <paramref name="patience"/> while the holder has not written it yet.</summary>
    private static string FindHolder(AppendBlobClient first, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (true)
        {
            var properties = first.GetProperties().Value;
            if (AzureBlobHolderMetadata.Read(properties.Metadata) is { } found)
            {
                return found.Describe();
            }

            if (properties.LeaseState != LeaseState.Leased || DateTime.UtcNow >= until)
            {
                return "another run, which has not recorded who it is";
            }

            Thread.Sleep(100);
        }
    }

    private JournalException Held(string current, string what) => new(
        $"Another apply holds the journal of environment '{name}' in {Location}: it is held by {current}. {what} "
        + $"The lock is a {DurationText.Format(_settings.LeaseDuration)} lease that its holder renews while it runs and that lapses within {DurationText.Format(_settings.LeaseDuration)} of it ending, however it ends; there is nothing to unlock by hand.")
    {
        LockHeld = true,
    };

    private JournalException Changed() => new(
        $"Journal {JournalName} changed while this apply opened it (a segment appeared or went); nothing was written. Run apply again.");

    private T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (AzureBlobFailures.IsStorageFailure(ex))
        {
            throw new JournalException($"Journal {JournalName} cannot be used: {AzureBlobFailures.Describe(ex)}.", ex);
        }
    }
}
