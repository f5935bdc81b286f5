namespace KoreModelDeploy.Cli.Journal;

/// <summary>Why a step is taken: the journal's <c>reason</c> field.</summary>
internal enum StepReason
{
    /// <summary>A model the tool has not deployed (or undeployed since): one deploy.</summary>
    Deploy,

    /// <summary>Settings changed, or a model deployed before comes back: the deploy follows a successful undeploy.</summary>
    Redeploy,

    /// <summary><c>--retry-failed</c> after a job ended FAILED.</summary>
    Retry,

    /// <summary><c>--prune</c>: a model no longer in the manifest is undeployed.</summary>
    Prune,
}
