namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// How <see cref="StepCall"/> and <see cref="StepReason"/> are written in a journal line and in messages, and read
/// back from lines any release wrote: one spelling each, read in any letter case.
/// </summary>
internal static class StepWords
{
    /// <summary><c>deploy</c> or <c>undeploy</c>.</summary>
    public static string Word(this StepCall call) => call == StepCall.Undeploy ? "undeploy" : "deploy";

    /// <summary><c>deploy</c>, <c>redeploy</c>, <c>retry</c> or <c>prune</c>.</summary>
    public static string Word(this StepReason reason) => reason switch
    {
        StepReason.Redeploy => "redeploy",
        StepReason.Retry => "retry",
        StepReason.Prune => "prune",
        _ => "deploy",
    };

    /// <summary>"a" or "an", as the call is spoken (an undeploy, a deploy).</summary>
    public static string Article(this StepCall call) => call == StepCall.Undeploy ? "an" : "a";

    /// <summary>Reads an <c>action</c> field; a line without one (the first releases wrote none on some events) is a deploy's.</summary>
    public static bool TryReadCall(string? text, out StepCall call)
    {
        call = StepCall.Deploy;
        if (text is null || text.Equals("deploy", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("undeploy", StringComparison.OrdinalIgnoreCase))
        {
            call = StepCall.Undeploy;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads a <c>reason</c> field. Lines without one, or with a reason a later release added, keep what the call
    /// says alone: a deploy is a deploy, an undeploy is followed by nothing (as a prune).
    /// </summary>
    public static StepReason ReadReason(string? text, StepCall call)
    {
        foreach (var reason in (ReadOnlySpan<StepReason>)[StepReason.Deploy, StepReason.Redeploy, StepReason.Retry, StepReason.Prune])
        {
            if (string.Equals(text, reason.Word(), StringComparison.OrdinalIgnoreCase))
            {
                return reason;
            }
        }

        return call == StepCall.Undeploy ? StepReason.Prune : StepReason.Deploy;
    }
}
