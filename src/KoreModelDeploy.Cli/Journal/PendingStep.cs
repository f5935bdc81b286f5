namespace KoreModelDeploy.Cli.Journal;

/// <summary>A step whose intent is in the journal and whose end is not.</summary>
/// <param name="Call">The call sent.</param>
/// <param name="Reason">Why it was started (<see cref="StepReason.Redeploy"/> on an undeploy means a deploy follows it).</param>
/// <param name="ModelType">For a deploy, the model type sent.</param>
/// <param name="Fingerprint">For a deploy, the settings' digest.</param>
/// <param name="Request">For a deploy, the request's settings as sent (compact JSON), when the journal has them.</param>
/// <param name="DockStatusId">The job's id; <see langword="null"/> when the POST's answer never reached the journal, so whether a job started is unknown.</param>
internal sealed record PendingStep(StepCall Call, StepReason Reason, string? ModelType, string? Fingerprint, string? DockStatusId, string? Request = null);
