using System.Text.Json;
using System.Text.Json.Serialization;

namespace KoreModelDeploy.Cli.Output;

/// <summary>One model in the report of <c>plan</c> or <c>apply</c>.</summary>
internal sealed record ModelReport
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string ModelId { get; init; }

    /// <summary>What the plan said: deploy, redeploy, unchanged, resume, failed, unknown, prune.</summary>
    public required string Action { get; init; }

    /// <summary>apply: how the model ended (deployed, redeployed, resumed, pruned, retried, unchanged, failed, unknown, timed-out, api-error, …).</summary>
    public string? Outcome { get; init; }

    /// <summary>apply: the last job's id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DockStatusId { get; init; }

    /// <summary>apply: the last job's status as the service said it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; init; }

    /// <summary>The vendor's message, or what went wrong and what to do; for plan, why the model is planned so.</summary>
    public string? Message { get; init; }

    /// <summary>plan: the calls apply will make, in order.</summary>
    public IReadOnlyList<string>? Steps { get; init; }

    /// <summary>plan, for a redeploy: each setting that differs from the deploy that is running.</summary>
    public IReadOnlyList<ChangeReport>? Changes { get; init; }

    /// <summary>plan, for a redeploy: <see langword="false"/> when the journal kept only a digest of the settings running, so no diff is available.</summary>
    public bool? ChangesAvailable { get; init; }

    /// <summary>plan, for a deploy: the request that will be sent, whole (<c>isDeployedPreviously</c> is set by apply).</summary>
    public JsonElement? Request { get; init; }
}
