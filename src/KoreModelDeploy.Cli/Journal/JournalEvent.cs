using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// One step of one model, as the journal records it. Every event is recorded through
/// <see cref="DeploymentJournal.Record"/>, which writes it to the store and replays it into the journal's state.
/// </summary>
/// <param name="ModelId">The model's id in the environment.</param>
/// <param name="Call">The call the step sends (or sent).</param>
internal abstract record JournalEvent(string ModelId, StepCall Call)
{
    /// <summary>Recorded, and on disk, before a deploy or undeploy POST: without it no call is sent.</summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call about to be sent.</param>
    /// <param name="Reason">Why.</param>
    /// <param name="ModelType">For a deploy, the model type sent.</param>
    /// <param name="Fingerprint">For a deploy, the settings' digest (<see cref="Manifests.RequestFingerprint"/>).</param>
    /// <param name="IsDeployedPreviously">For a deploy, the flag sent.</param>
    /// <param name="Request">For a deploy, the request's settings as compact JSON, without <c>isDeployedPreviously</c>; <see langword="null"/> in lines of earlier releases.</param>
    public sealed record Intent(string ModelId, StepCall Call, StepReason Reason, string? ModelType = null, string? Fingerprint = null, bool? IsDeployedPreviously = null, string? Request = null)
        : JournalEvent(ModelId, Call);

    /// <summary>The POST answered with a job: its dock status id, recorded the moment it arrives.</summary>
    public sealed record Started(string ModelId, StepCall Call, string? DockStatusId) : JournalEvent(ModelId, Call);

    /// <summary>The job ended (or, in a line an earlier release wrote, reported a status that is not an end).</summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call the job came from.</param>
    /// <param name="DockStatusId">The job's id; missing only in lines of the first releases.</param>
    /// <param name="Status">Its final status, compared as the SDK compares statuses.</param>
    /// <param name="Message">The vendor's message.</param>
    public sealed record Finished(string ModelId, StepCall Call, string? DockStatusId, DockJobStatus Status, string? Message) : JournalEvent(ModelId, Call);

    /// <summary>The POST certainly started nothing (refused before sending, a 4xx, no connection): the next apply may send it.</summary>
    public sealed record NotStarted(string ModelId, StepCall Call, string? Message) : JournalEvent(ModelId, Call);

    /// <summary>A person settled a step whose end the journal cannot know (<c>--resolve</c>).</summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call of the step settled.</param>
    /// <param name="JobExists">Whether the console shows a job for it.</param>
    /// <param name="DockStatusId">That job's id, when one exists.</param>
    public sealed record Resolved(string ModelId, StepCall Call, bool JobExists, string? DockStatusId) : JournalEvent(ModelId, Call);
}
