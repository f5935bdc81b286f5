using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// What every command shares: the output options, one interaction service per run, a report filled in as the command
/// learns things and written once at the end, and the exit code chosen in one place from what ended the command.
/// </summary>
internal abstract class BaseCommand : Command, IHasCommandHelp
{
    /// <summary>Builds a run's interaction service from its output options; set by the root command.</summary>
    private Func<OutputSettings, IInteractionService>? _interactionFor;

    protected BaseCommand(string name, string description, CliHost host, bool callsService = true)
        : base(name, description)
    {
        Host = host;
        OutputOptions.AddTo(this, callsService);
        SetAction(InvokeAsync);
    }

    protected CliHost Host { get; }

    protected OutputOptions OutputOptions { get; } = new();

    /// <summary>The command's name in its report (<c>-o json</c>'s <c>command</c>); a verb of a group adds the group's name.</summary>
    protected virtual string ReportName => Name;

    /// <summary>The end of the command's <c>--help</c>: an example, the environment variables it reads, its exit codes.</summary>
    public abstract CommandHelp Help { get; }

    /// <summary>Lists the output options after the command's own in help; called once every command is built.</summary>
    internal void ListCommonOptionsLast() => OutputOptions.MoveToEnd(this);

    /// <summary>Where each run of the command gets its interaction service; called once, by the root command.</summary>
    internal void UseInteraction(Func<OutputSettings, IInteractionService> interactionFor) => _interactionFor = interactionFor;

    /// <summary>Does the command's work; returns the exit code, or throws what <see cref="FailureClassifier"/> classifies.</summary>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="interaction">Where everything the command says goes.</param>
    /// <param name="report">The outcome, to fill in as the command learns it.</param>
    /// <param name="cancellationToken">Ctrl+C, SIGTERM, or output that cannot be written: stop waiting, let a job-starting call finish.</param>
    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var interactionFor = _interactionFor ?? throw new InvalidOperationException($"The {Name} command was built outside the root command, with no interaction service.");
        var interaction = interactionFor(OutputOptions.Read(parseResult));
        var report = new CommandReport(ReportName);
        var started = Host.TimeProvider.GetTimestamp();
        try
        {
            report.ExitCode = await ExecuteAsync(parseResult, interaction, report, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure becomes an exit code and a message; nothing may escape as a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ExitCodeMapper.Report(ex, report, cancellationToken.IsCancellationRequested);
        }

        if (Host.OutputFailure.Description is { } failure)
        {
            // Said on the stream that still works, if one does; the exit code says it either way.
            ExitCodeMapper.OutputFailed(report, failure);
        }

        report.ElapsedSeconds = Math.Round(Host.TimeProvider.GetElapsedTime(started).TotalSeconds, 3);
        interaction.WriteReport(report);
        if (report.ExitCode != ExitCodes.OutputFailed && Host.OutputFailure.Description is { } late)
        {
            // The result itself could not be written: said where it still can be, and the exit code becomes 10.
            interaction.DisplayError($"{late}: the result was lost; the command itself had ended with exit code {report.ExitCode}");
        }
        return report.ExitCode;
    }
}
