using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.DeployFiles;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy deploy &lt;modelId&gt; --type T --file F [--set path=value]… [--no-wait]</c>: validates, deploys, waits for SUCCESS.</summary>
internal sealed class DeployCommand : BaseCommand
{
    private readonly Argument<string> _modelId = new("modelId") { Description = "The model's id on the platform." };

    private readonly Option<string> _type = new("--type", "-t")
    {
        Description = "The model's type: openSource or fineTune.",
        Required = true,
        HelpName = "openSource|fineTune",
    };

    private readonly DeployFileOptions _file = new();
    private readonly Option<bool> _noWait = new("--no-wait") { Description = "Print the dock status id once the job has started, and exit." };
    private readonly ServiceOptions _service = new();
    private readonly WaitOptions _wait = new();

    public DeployCommand(CliHost host)
        : base("deploy", "Validate a deploy file, deploy the model, and wait until the job ends SUCCESS (or print its id with --no-wait).", host)
    {
        ModelTypeOption.Configure(_type);
        Arguments.Add(_modelId);
        Options.Add(_type);
        _file.AddTo(this);
        Options.Add(_noWait);
        _service.AddTo(this);
        _wait.AddTo(this);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy deploy cm-flan-t5 --type openSource --file deploy.json --set scalingParameters.maxReplicas=4"],
        CommandHelp.ServiceVariables,
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.JobFailed, ExitCodes.InvalidRequest, ExitCodes.Authentication, ExitCodes.ApiError, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.Cancelled]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var modelId = parseResult.GetRequiredValue(_modelId);
        var modelType = new ModelType(parseResult.GetRequiredValue(_type));
        report.ModelId = modelId;
        report.Action = DockAction.Deploy.ToString();

        var service = _service.Read(parseResult);
        ServiceOptions.Describe(service, report);

        // The file, the key and the host are all checked before anything is reported, so one run names every problem.
        var problems = new RunProblems();
        var request = await problems.CollectAsync(async () =>
        {
            var read = await _file.ReadAsync(parseResult, cancellationToken).ConfigureAwait(false);
            KoreRequestValidator.ThrowIfInvalid(read, modelId, modelType);
            return read;
        }).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var polling = _wait.Read(parseResult);
        var client = await ClientFactory.CreateAsync(service, polling, Host, interaction, cancellationToken, problems).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var operation = await JobCommandFlow.StartJobAsync("deploy", none => client.StartDeployAsync(modelId, modelType, request!, none), Host, interaction, cancellationToken).ConfigureAwait(false);

        return await JobCommandFlow.FollowStartedJobAsync(operation, "deploy", modelId, parseResult.GetValue(_noWait), interaction, report, cancellationToken).ConfigureAwait(false);
    }
}
