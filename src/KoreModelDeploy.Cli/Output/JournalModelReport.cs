using System.Text.Json.Serialization;

namespace KoreModelDeploy.Cli.Output;

/// <summary>One model in <c>journal show</c>: what the journal believes about it.</summary>
internal sealed record JournalModelReport
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string ModelId { get; init; }

    /// <summary><c>deployed</c>, <c>in-progress</c>, <c>unknown</c>, <c>failed</c> or <c>undeployed</c>.</summary>
    public required string State { get; init; }

    /// <summary>The last job's id (a job not seen to end first).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DockStatusId { get; init; }

    /// <summary>When the journal last recorded an event of the model (UTC).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The digest of the settings it runs with (or that its pending deploy sends).</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The same, in words.</summary>
    public required string Message { get; init; }
}
