using System.Text.Json;
using System.Text.Json.Serialization;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// One line of a journal file, as JSON: the first line (<see cref="EntryKinds.Header"/>) names the environment and
/// host; every other line is a <see cref="JournalEvent"/>, converted by <see cref="JournalEntries"/> alone.
/// </summary>
internal sealed record JournalEntry
{
    /// <summary>When the line was written (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>One of <see cref="EntryKinds"/>.</summary>
    public required string Event { get; init; }

    /// <summary>Header and rebound lines: the environment this journal belongs to (from that line on).</summary>
    public string? Environment { get; init; }

    /// <summary>Header and rebound lines: the host every job in this journal is started on (from that line on).</summary>
    public string? Host { get; init; }

    public string? ModelId { get; init; }

    /// <summary><c>deploy</c> or <c>undeploy</c>: the call the step makes.</summary>
    public string? Action { get; init; }

    /// <summary>Intent only: why (<c>deploy</c>, <c>redeploy</c>, <c>retry</c>, <c>prune</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Intent of a deploy only: the model type sent.</summary>
    public string? ModelType { get; init; }

    /// <summary>Intent of a deploy only: the settings' digest (<see cref="Manifests.RequestFingerprint"/>).</summary>
    public string? Fingerprint { get; init; }

    /// <summary>
    /// Intent of a deploy only: the request's settings as sent, without <c>isDeployedPreviously</c> (never a key: a
    /// request holds none), so that a later plan can show what changes. Lines of earlier releases have none.
    /// </summary>
    public JsonElement? Request { get; init; }

    /// <summary>Intent of a deploy only: the previously-deployed flag sent.</summary>
    public bool? IsDeployedPreviously { get; init; }

    public string? DockStatusId { get; init; }

    /// <summary>
    /// Finished only: the job's final status, compared as the SDK compares it (any letter case: a journal an earlier
    /// release wrote may hold <c>"success"</c>) and written in its documented spelling (<c>SUCCESS</c>, <c>FAILED</c>).
    /// </summary>
    [JsonIgnore]
    public DockJobStatus Status
    {
        get => StatusText is null ? default : new DockJobStatus(StatusText);
        init => StatusText = value.IsDefault ? null : DocumentedStatus.Of(value).ToString();
    }

    /// <summary>The <c>status</c> field as written: only ever set through <see cref="Status"/>.</summary>
    [JsonPropertyName("status")]
    [JsonInclude]
    internal string? StatusText { get; init; }

    /// <summary>The vendor's message of a finished job, why a call was certainly not processed, why an undeploy found nothing, or what a forgotten model was.</summary>
    public string? Message { get; init; }

    /// <summary>Resolved only: what a person found in the console (<c>not-started</c> or <c>started</c>).</summary>
    public string? Resolution { get; init; }

    /// <summary>Moved-to only: the store the journal was copied to, as messages name it (never a credential).</summary>
    public string? To { get; init; }
}

/// <summary>The values of <see cref="JournalEntry.Event"/>.</summary>
internal static class EntryKinds
{
    public const string Header = "journal";

    /// <summary>Written and flushed before a deploy or undeploy POST.</summary>
    public const string Intent = "intent";

    /// <summary>The dock status id, written the moment the POST answers.</summary>
    public const string Started = "started";

    /// <summary>The final status after the wait.</summary>
    public const string Finished = "finished";

    /// <summary>The POST certainly was not processed (refused with a 4xx, or no connection): the next apply may send it.</summary>
    public const string NotStarted = "not-started";

    /// <summary>A person resolved an unknown intent with <c>--resolve</c>.</summary>
    public const string Resolved = "resolved";

    /// <summary>An undeploy the service answered with its own 404: nothing was deployed, so the model counts as undeployed.</summary>
    public const string NotDeployed = "not-deployed";

    /// <summary>A person made the tool forget one model (<c>kore-deploy journal forget</c>).</summary>
    public const string Forgotten = "forgotten";

    /// <summary>
    /// A person re-bound the journal to another environment or host (<c>kore-deploy journal rebind</c>); it names no
    /// model, so a release that does not know it skips it, checks the header's binding, and refuses the journal.
    /// </summary>
    public const string Rebound = "rebound";

    /// <summary>
    /// The journal was copied to another store (<c>kore-deploy journal copy</c>) and lives there from then on. It names
    /// no model, so a release that does not know it skips it.
    /// </summary>
    public const string MovedTo = "moved-to";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
