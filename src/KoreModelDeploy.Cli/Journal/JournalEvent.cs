using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// What the journal records. Every event is recorded through <see cref="DeploymentJournal.Record"/>, which writes it
/// to the store and replays it into the journal's state. Most are one step of one model (<see cref="StepEvent"/>);
/// <see cref="Forgotten"/> and <see cref="Rebound"/> are a person's repairs, and <see cref="Moved"/> a person's move of
/// the journal to another store, appended as events like the rest so that no line is ever rewritten or deleted.
/// </summary>
internal abstract record JournalEvent
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
        : StepEvent(ModelId, Call);

    /// <summary>The POST answered with a job: its dock status id, recorded the moment it arrives.</summary>
    public sealed record Started(string ModelId, StepCall Call, string? DockStatusId) : StepEvent(ModelId, Call);

    /// <summary>The job ended (or, in a line an earlier release wrote, reported a status that is not an end).</summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call the job came from.</param>
    /// <param name="DockStatusId">The job's id; missing only in lines of the first releases.</param>
    /// <param name="Status">Its final status, compared as the SDK compares statuses.</param>
    /// <param name="Message">The vendor's message.</param>
    public sealed record Finished(string ModelId, StepCall Call, string? DockStatusId, DockJobStatus Status, string? Message) : StepEvent(ModelId, Call);

    /// <summary>The POST certainly started nothing (refused before sending, a 4xx, no connection): the next apply may send it.</summary>
    public sealed record NotStarted(string ModelId, StepCall Call, string? Message) : StepEvent(ModelId, Call);

    /// <summary>
    /// An undeploy the service answered with its own 404 error (<see cref="Apply.NotDeployedAnswer"/>): the platform
    /// holds no deployment of the model (it lost it, or someone undeployed it in the console), so the model counts as
    /// undeployed and no job was started.
    /// </summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call answered (an undeploy).</param>
    /// <param name="Message">What the service said, and what apply made of it.</param>
    public sealed record NotDeployed(string ModelId, StepCall Call, string? Message) : StepEvent(ModelId, Call);

    /// <summary>A person settled a step whose end the journal cannot know (<c>--resolve</c>).</summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Call">The call of the step settled.</param>
    /// <param name="JobExists">Whether the console shows a job for it.</param>
    /// <param name="DockStatusId">That job's id, when one exists.</param>
    public sealed record Resolved(string ModelId, StepCall Call, bool JobExists, string? DockStatusId) : StepEvent(ModelId, Call);

    /// <summary>
    /// A person, having checked the platform's console, told the tool to forget what it believed about one model
    /// (<c>kore-deploy journal forget</c>, as <c>terraform state rm</c>): the model is as if the journal never named it.
    /// </summary>
    /// <param name="ModelId">The model's id.</param>
    /// <param name="Message">What the journal believed about it until then, kept for whoever reads the journal later.</param>
    public sealed record Forgotten(string ModelId, string? Message) : JournalEvent;

    /// <summary>
    /// The journal now belongs to another environment or host (<c>kore-deploy journal rebind</c>): it replaces the
    /// header's binding, and a later one replaces it again. Only appended while no job may have started on the old host.
    /// </summary>
    /// <param name="Environment">The environment the journal belongs to from now on.</param>
    /// <param name="Host">The host its jobs run on from now on, as <see cref="Configuration.HostSetting.Display"/> writes it.</param>
    public sealed record Rebound(string Environment, string Host) : JournalEvent;

    /// <summary>
    /// The journal was copied whole to another store (<c>kore-deploy journal copy</c>), which is the environment's
    /// journal from then on: this one is kept as a record, and apply refuses it, naming <paramref name="To"/>. It is the
    /// one event a copy never carries over. It changes no model's state.
    /// </summary>
    /// <param name="To">The store it moved to, as messages name it (<see cref="JournalLocation.Display"/>): never a credential.</param>
    public sealed record Moved(string To) : JournalEvent;
}

/// <summary>One step of one model: a call apply sends (or sent), and what became of it.</summary>
/// <param name="ModelId">The model's id in the environment.</param>
/// <param name="Call">The call the step sends (or sent).</param>
internal abstract record StepEvent(string ModelId, StepCall Call) : JournalEvent;
