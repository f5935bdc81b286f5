namespace KoreModelDeploy.Cli;

/// <summary>Every exit code the tool uses, one meaning each, in one place (README's table mirrors this file).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked; a deploy or undeploy ended in SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>Usage: an unknown command or option, or a value System.CommandLine could not parse; also anything unforeseen.</summary>
    public const int Usage = 1;

    /// <summary>The job ended FAILED; the vendor's message is printed.</summary>
    public const int JobFailed = 2;

    /// <summary>The request or manifest breaks a rule; every violation is named and nothing was sent.</summary>
    public const int InvalidRequest = 3;

    /// <summary>The service refused the key (401, 403).</summary>
    public const int Authentication = 4;

    /// <summary>Any other API error: 400, 404, 429, 5xx, network, timeout of a call, unreadable answer.</summary>
    public const int ApiError = 5;

    /// <summary>The wait timed out; the dock status id and the command that resumes it are printed.</summary>
    public const int WaitTimedOut = 6;

    /// <summary>Configuration: a missing host or key, an unreadable file, a journal that cannot be used.</summary>
    public const int Configuration = 7;

    /// <summary><c>plan --detailed-exitcode</c>: the plan has changes to apply.</summary>
    public const int PlanHasChanges = 8;

    /// <summary><c>apply</c>: a model is in unknown state (a deploy that may or may not have started); a person must check.</summary>
    public const int UnknownState = 9;

    /// <summary>
    /// stdout or stderr could not be written (a full disk, <c>/dev/full</c>): the run stopped as Ctrl+C stops it, with no
    /// new job started; jobs already started go on and an apply's journal has their ids.
    /// </summary>
    public const int OutputFailed = 10;

    /// <summary>Cancelled with Ctrl+C (or SIGTERM); a job already started goes on.</summary>
    public const int Cancelled = 130;
}
