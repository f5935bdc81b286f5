namespace KoreModelDeploy.Cli.Journal;

/// <summary>What <see cref="JournalCopying.Copy"/> did.</summary>
/// <param name="Copied">Events appended to the target by this copy.</param>
/// <param name="AlreadyThere">Events the target held already (a copy cut short, run again).</param>
/// <param name="Events">Events the target holds now: every event of the source but its moved-to.</param>
/// <param name="AlreadyMoved">Whether the source recorded its move to the target before this copy, so none was appended.</param>
internal sealed record JournalCopyResult(int Copied, int AlreadyThere, int Events, bool AlreadyMoved);
