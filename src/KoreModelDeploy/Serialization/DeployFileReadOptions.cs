namespace KoreModelDeploy;

/// <summary>
/// How <see cref="KoreModelDeployJson.ParseDeployModelRequest(string, DeployFileReadOptions)"/> reads a deploy file.
/// The defaults are the documented lenient reading of <see cref="KoreModelDeployJson.ParseDeployModelRequest(string)"/>.
/// </summary>
public sealed class DeployFileReadOptions
{
    /// <summary>
    /// Refuse members the deploy request does not have, at any depth (<c>"maxReplica"</c> for <c>maxReplicas</c>, say),
    /// naming each by its JSON path and suggesting the closest known member, instead of ignoring them. A misspelled
    /// member is otherwise a setting the writer of the file believes made and that is never sent. A top-level
    /// <c>$schema</c> (for editors) is always allowed. Default <see langword="false"/>.
    /// </summary>
    public bool RejectUnknownMembers { get; set; }
}
