using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>Job statuses as the journal and apply's report spell them, whatever spelling the service answered with.</summary>
internal static class DocumentedStatus
{
    /// <summary>The documented spelling of a documented value (<c>success</c> → <c>SUCCESS</c>); any other value as it came.</summary>
    public static DockJobStatus Of(DockJobStatus status) =>
        status == DockJobStatus.Success ? DockJobStatus.Success
        : status == DockJobStatus.Failed ? DockJobStatus.Failed
        : status == DockJobStatus.InProgress ? DockJobStatus.InProgress
        : status;
}
