namespace KoreModelDeploy.Cli.Planning;

/// <summary>The choices that change a plan, the same for <c>plan</c> and <c>apply</c> so the plan shows what apply will do.</summary>
/// <param name="RetryFailed">Deploy again the models whose last job ended FAILED.</param>
/// <param name="Prune">Undeploy the models the journal holds and the manifest no longer names.</param>
internal sealed record PlanOptions(bool RetryFailed = false, bool Prune = false);
