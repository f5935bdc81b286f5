namespace KoreModelDeploy.Cli.Journal;

/// <summary>What the journal believes about one model, in a few words, for the journal commands' messages.</summary>
internal static class ModelBelief
{
    /// <summary>For example <c>deployed (ds-1)</c>, or <c>a deploy started (ds-2) and not seen to end</c>.</summary>
    public static string Of(ModelRecord record)
    {
        if (record.Pending is { } pending)
        {
            return pending.DockStatusId is { } id
                ? $"{pending.Call.Article()} {pending.Call.Word()} started ({id}) and not seen to end"
                : $"{pending.Call.Article()} {pending.Call.Word()} sent whose answer never reached the journal";
        }

        if (record.Deployed)
        {
            return $"deployed ({record.LastDockStatusId ?? "no job id recorded"})";
        }

        return record.LastFailed
            ? $"its last {record.LastCall?.Word()} ({record.LastDockStatusId}) ended FAILED"
            : "not deployed" + (record.EverDeployed ? ", deployed before" : string.Empty);
    }

    /// <summary>The model's state in one word, as <c>journal show</c> lists it: <c>deployed</c>, <c>in-progress</c>, <c>unknown</c>, <c>failed</c>, <c>undeployed</c>.</summary>
    public static string State(ModelRecord record) => record switch
    {
        { Pending.DockStatusId: not null } => "in-progress",
        { Pending: not null } => "unknown",
        { Deployed: true } => "deployed",
        { LastFailed: true } => "failed",
        _ => "undeployed",
    };

    /// <summary>Whether a job of the model may have started on the journal's host and not been undeployed: a step not seen to end, or a deployment.</summary>
    public static bool MayHaveAJob(ModelRecord record) => record.Pending is not null || record.Deployed;
}
