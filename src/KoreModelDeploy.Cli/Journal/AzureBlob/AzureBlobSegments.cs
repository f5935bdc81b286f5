using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>
/// An environment's journal as append blobs in order: <c>PATH/ENV/00001.jsonl</c>, <c>PATH/ENV/00002.jsonl</c>, …
/// Read one after another they are one journal file: the first starts with the header line, and every block of each
/// is one whole line. A segment is found by its number: the reader goes on until one does not exist, so a listing
/// permission is never needed.
/// </summary>
/// <param name="container">The container.</param>
/// <param name="location">The folder in it.</param>
/// <param name="name">The journal's name: the environment's.</param>
internal sealed class AzureBlobSegments(BlobContainerClient container, AzureBlobJournalLocation location, string name)
{
    /// <summary>The container.</summary>
    public BlobContainerClient Container => container;

    /// <summary>Segment <paramref name="number"/> (from 1).</summary>
    public AppendBlobClient Segment(int number) =>
        container.GetAppendBlobClient($"{(location.Path.Length == 0 ? string.Empty : location.Path + "/")}{name}/{number.ToString("D5", CultureInfo.InvariantCulture)}.jsonl");

    /// <summary>
    /// Reads segments from <paramref name="from"/> on into <paramref name="into"/> until one does not exist; returns
    /// the last one found (its number, length and appends), or <see langword="null"/> when <paramref name="from"/> does not exist.
    /// </summary>
    public SegmentEnd? ReadFrom(int from, Stream into)
    {
        SegmentEnd? last = null;
        for (var number = from; ; number++)
        {
            if (ReadOne(number, into) is not { } end)
            {
                return last;
            }

            last = end;
        }
    }

    /// <summary>Whether segment <paramref name="number"/> exists.</summary>
    public bool Exists(int number) => Segment(number).Exists().Value;

    private SegmentEnd? ReadOne(int number, Stream into)
    {
        try
        {
            using var download = Segment(number).DownloadStreaming(new BlobDownloadOptions()).Value;
            var before = into.Position;
            download.Content.CopyTo(into);
            return new SegmentEnd(number, into.Position - before, download.Details.BlobCommittedBlockCount);
        }
        catch (Exception ex) when (AzureBlobFailures.IsMissing(ex))
        {
            return null;
        }
    }
}

/// <summary>Where a segment ends, as it was read.</summary>
/// <param name="Number">The segment's number.</param>
/// <param name="Length">Its length in bytes: where the next append goes.</param>
/// <param name="Blocks">How many appends it holds.</param>
internal readonly record struct SegmentEnd(int Number, long Length, int Blocks);
