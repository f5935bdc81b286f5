using System.Text.Json.Serialization;

namespace KoreModelDeploy.Cli.Output;

/// <summary>
/// The outcome of one command, filled in as the command learns it and written once at the end: as the JSON document
/// of <c>-o json</c>, as the text result and error lines otherwise, and to GitHub Actions' output and summary files.
/// </summary>
internal sealed class CommandReport
{
    public CommandReport(string command) => Command = command;

    /// <summary>The command that ran: deploy, undeploy, status, wait, validate, plan, apply, or a journal verb (journal copy, ...).</summary>
    public string Command { get; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ModelId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DockStatusId { get; set; }

    /// <summary>The job's action as the service names it (DEPLOY, UNDEPLOY), or the command's before the service answered.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Action { get; set; }

    /// <summary>The job's last known status (IN_PROGRESS, SUCCESS, FAILED).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; set; }

    /// <summary>The service's message about the job, when it sent one.</summary>
    public string? Message { get; set; }

    /// <summary>Seconds the command ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double ElapsedSeconds { get; set; }

    /// <summary>The process's exit code, as README's table gives it.</summary>
    public int ExitCode { get; set; }

    /// <summary>For people, on failure: what went wrong.</summary>
    public string? Reason { get; set; }

    /// <summary>The command that follows the job on after a timeout or Ctrl+C.</summary>
    public string? ResumeCommand { get; set; }

    /// <summary>validate: the file checked.</summary>
    public string? File { get; set; }

    /// <summary>validate: whether the request may be sent.</summary>
    public bool? Valid { get; set; }

    /// <summary>Every broken rule of an invalid request; nothing was sent.</summary>
    public IReadOnlyList<ViolationReport>? Violations { get; set; }

    /// <summary>What the service (or the network) answered when a call failed.</summary>
    public ApiErrorReport? Error { get; set; }

    /// <summary>plan, apply: the manifest's environment.</summary>
    public string? Environment { get; set; }

    /// <summary>plan, apply, journal commands: the journal's path.</summary>
    public string? Journal { get; set; }

    /// <summary>journal commands: the host the journal is bound to after the command.</summary>
    public string? Host { get; set; }

    /// <summary>journal commands: whether an event was appended (false when there was nothing to change).</summary>
    public bool? Changed { get; set; }

    /// <summary>journal rebind: the environment and host the journal was bound to before, when it changed.</summary>
    public JournalBindingReport? ReboundFrom { get; set; }

    /// <summary><c>journal copy</c>: where the journal was copied, and how many events.</summary>
    public JournalCopyReport? Copy { get; set; }

    /// <summary><c>journal copy</c>, <c>journal show</c>, <c>journal history</c>: the store the journal moved to, which apply uses instead.</summary>
    public string? MovedTo { get; set; }

    /// <summary>plan: whether apply has anything to do or a model needs a look (<c>--detailed-exitcode</c> exits 8 then).</summary>
    public bool? HasChanges { get; set; }

    /// <summary>plan, apply: one entry per model, manifest models first, then those only the journal knows.</summary>
    public IReadOnlyList<ModelReport>? Models { get; set; }

    /// <summary><c>journal show</c>: each model the journal names, and what it believes about it.</summary>
    public IReadOnlyList<JournalModelReport>? JournalModels { get; set; }

    /// <summary><c>journal history</c>: the model's events, oldest first, as the journal records them.</summary>
    public IReadOnlyList<Journal.JournalEntry>? History { get; set; }

    /// <summary>What <see cref="ResumeCommand"/> adds after the id: the host and key source of this command line.</summary>
    [JsonIgnore]
    public string ResumeArguments { get; set; } = string.Empty;

    /// <summary>Where the key came from (an option or variable, never the key), for the hint after a refused key.</summary>
    [JsonIgnore]
    public string KeySource { get; set; } = Options.ServiceOptions.ApiKeyVariable;

    /// <summary>The text result on stdout (an id or a status); not part of the JSON document.</summary>
    [JsonIgnore]
    public string? TextResult { get; set; }
}
