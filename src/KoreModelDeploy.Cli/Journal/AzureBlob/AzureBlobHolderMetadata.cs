using System.Globalization;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>
/// The holder of an Azure Blob journal, as metadata on the journal's first blob: the holder writes it right after
/// taking the lease (only the lease's holder can), and clears it when it lets go. Metadata travels in HTTP headers,
/// so each value is percent-encoded.
/// </summary>
internal static class AzureBlobHolderMetadata
{
    private const string User = "koreholderuser";
    private const string Machine = "koreholdermachine";
    private const string ProcessId = "koreholderpid";
    private const string RunUrl = "koreholderrun";
    private const string Since = "koreholdersince";
    private const string Store = "koreholderstore";

    /// <summary>The metadata naming <paramref name="holder"/>.</summary>
    public static Dictionary<string, string> Of(JournalHolder holder)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [User] = Uri.EscapeDataString(holder.User),
            [Machine] = Uri.EscapeDataString(holder.Machine),
            [ProcessId] = holder.ProcessId.ToString(CultureInfo.InvariantCulture),
            [Since] = holder.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            [Store] = Uri.EscapeDataString(holder.Store),
        };
        if (holder.RunUrl is { } run)
        {
            metadata[RunUrl] = Uri.EscapeDataString(run);
        }

        return metadata;
    }

    /// <summary>The holder the metadata names; <see langword="null"/> when it names none (cleared, or not written yet).</summary>
    public static JournalHolder? Read(IDictionary<string, string> metadata)
    {
        string? Get(string key) =>
            metadata.FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { } value ? Uri.UnescapeDataString(value) : null;

        if (Get(User) is not { } user || Get(Machine) is not { } machine
            || !int.TryParse(Get(ProcessId), NumberStyles.Integer, CultureInfo.InvariantCulture, out var processId)
            || !DateTimeOffset.TryParse(Get(Since), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            return null;
        }

        return new JournalHolder(user, machine, processId, Get(RunUrl), since, Get(Store) ?? string.Empty);
    }
}
