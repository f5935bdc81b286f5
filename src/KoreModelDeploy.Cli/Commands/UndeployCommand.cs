using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy undeploy &lt;modelId&gt; [--no-wait]</c>: undeploys and waits until the job ends SUCCESS.</summary>
internal sealed class UndeployCommand : BaseCommand
{
    private readonly Argument<string> _modelId = new("modelId") { Description = "The model's id on the platform." };
    private readonly Option<bool> _noWait = new("--no-wait") { Description = "Print the dock status id once the job has started, and exit." };
    private readonly ServiceOptions _service = new();
    private readonly WaitOptions _wait = new();

    public UndeployCommand(CliHost host)
        : base("undeploy", "Undeploy a model and wait until the job ends SUCCESS (or print its id with --no-wait).", host)
    {
        Arguments.Add(_modelId);
        Options.Add(_noWait);
        _service.AddTo(this);
        _wait.AddTo(this);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy undeploy cm-flan-t5 --timeout 30m"],
        CommandHelp.ServiceVariables,
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.JobFailed, ExitCodes.Authentication, ExitCodes.ApiError, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.Cancelled]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var modelId = parseResult.GetRequiredValue(_modelId);
        report.ModelId = modelId;
        report.Action = DockAction.Undeploy.ToString();
        var service = _service.Read(parseResult);
        ServiceOptions.Describe(service, report);

        var polling = _wait.Read(parseResult);
        var client = await ClientFactory.CreateAsync(service, polling, Host, interaction, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var operation = await JobCommandFlow.StartJobAsync("undeploy", none => client.StartUndeployAsync(modelId, none), Host, interaction, cancellationToken).ConfigureAwait(false);

        return await JobCommandFlow.FollowStartedJobAsync(operation, "undeploy", modelId, parseResult.GetValue(_noWait), interaction, report, cancellationToken).ConfigureAwait(false);
    }
}
