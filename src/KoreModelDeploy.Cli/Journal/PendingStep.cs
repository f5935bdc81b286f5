namespace KoreModelDeploy.Cli.Journal;

/// <summary>A step whose intent is in the journal and whose end is not.</summary>
/// <param name="Action"><c>deploy</c> or <c>undeploy</c>.</param>
/// <param name="Reason">Why it was started (<c>redeploy</c> means a deploy follows a successful undeploy).</param>
/// <param name="ModelType">For a deploy, the model type sent.</param>
/// <param name="Fingerprint">For a deploy, the settings' digest.</param>
/// <param name="DockStatusId">The job's id; <see langword="null"/> when the POST's answer never reached the journal, so whether a job started is unknown.</param>
internal sealed record PendingStep(string Action, string Reason, string? ModelType, string? Fingerprint, string? DockStatusId);
