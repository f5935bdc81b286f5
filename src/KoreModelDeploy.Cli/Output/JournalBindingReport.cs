namespace KoreModelDeploy.Cli.Output;

/// <summary>An environment and host a journal was bound to, in <c>-o json</c>.</summary>
/// <param name="Environment">The environment's name.</param>
/// <param name="Host">The host.</param>
internal sealed record JournalBindingReport(string Environment, string Host);
