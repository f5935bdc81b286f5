namespace KoreModelDeploy.Cli.Output;

/// <summary>What <c>journal copy</c> did, in <c>-o json</c>.</summary>
/// <param name="From">The journal copied (it now records its move).</param>
/// <param name="To">The store it was copied to: the environment's journal from now on.</param>
/// <param name="Copied">Events this run appended to the target.</param>
/// <param name="AlreadyThere">Events the target held already, from a copy cut short.</param>
/// <param name="Events">Events the target holds: every one of the source's but its moved-to.</param>
internal sealed record JournalCopyReport(string From, string To, int Copied, int AlreadyThere, int Events);
