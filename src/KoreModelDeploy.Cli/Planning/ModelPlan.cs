using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>The plan for one model: what it is, the steps apply takes, and why.</summary>
/// <param name="ModelId">The model's id in this environment.</param>
/// <param name="Action">The plan's verdict.</param>
/// <param name="Model">The manifest's model; <see langword="null"/> for one the journal alone knows.</param>
/// <param name="Record">What the journal says about it, if anything.</param>
/// <param name="Steps">What apply does, in order; empty when it does nothing.</param>
/// <param name="Detail">One sentence for people.</param>
/// <param name="Changes">
/// For a redeploy, each setting that differs from the deploy that is running; <see langword="null"/> when the journal
/// kept only a digest of that deploy's settings (an earlier release wrote it), so no diff is available.
/// </param>
internal sealed record ModelPlan(string ModelId, PlanAction Action, ResolvedModel? Model, ModelRecord? Record, IReadOnlyList<PlannedStep> Steps, string Detail, IReadOnlyList<SettingChange>? Changes = null);
