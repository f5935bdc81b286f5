namespace KoreModelDeploy.Cli.Planning;

/// <summary>What a plan says about one model.</summary>
internal enum PlanAction
{
    /// <summary>Never deployed by this tool (or undeployed since): one deploy.</summary>
    Deploy,

    /// <summary>Its settings changed since its last SUCCESS: undeploy, wait, deploy with <c>isDeployedPreviously: true</c>.</summary>
    Redeploy,

    /// <summary>Deployed with these very settings: nothing to do.</summary>
    Unchanged,

    /// <summary>A job started and did not finish as far as the journal knows: wait on its recorded id.</summary>
    Resume,

    /// <summary>Its last job ended FAILED: deployed again only with <c>--retry-failed</c>.</summary>
    Failed,

    /// <summary>A deploy or undeploy that may or may not have started: nothing is sent until a person resolves it.</summary>
    Unknown,

    /// <summary>In the journal, deployed, no longer in the manifest: undeployed only with <c>--prune</c>.</summary>
    Prune,
}
