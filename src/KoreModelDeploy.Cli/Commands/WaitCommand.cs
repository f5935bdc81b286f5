using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy wait &lt;dockStatusId&gt;</c>: resumes a wait started anywhere (another run, machine or tool).</summary>
internal sealed class WaitCommand : BaseCommand
{
    private readonly Argument<string> _id = new("dockStatusId") { Description = "The job's id, as deploy or undeploy printed it." };
    private readonly ServiceOptions _service = new();
    private readonly WaitOptions _wait = new();

    public WaitCommand(CliHost host)
        : base("wait", "Wait for a dock job started anywhere until it ends; exit 0 on SUCCESS, 2 on FAILED.", host)
    {
        Arguments.Add(_id);
        _service.AddTo(this);
        _wait.AddTo(this);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy wait ds-0123 --timeout 45m"],
        CommandHelp.ServiceVariables,
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.JobFailed, ExitCodes.Authentication, ExitCodes.ApiError, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.Cancelled]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var id = parseResult.GetRequiredValue(_id);
        report.DockStatusId = id;
        var service = _service.Read(parseResult);
        ServiceOptions.Describe(service, report);
        var polling = _wait.Read(parseResult);
        var client = await ClientFactory.CreateAsync(service, polling, Host, interaction, cancellationToken).ConfigureAwait(false);

        var operation = client.GetDockOperation(id);
        var final = await JobWaiter.WaitAsync(operation, "wait", id, interaction, report, cancellationToken).ConfigureAwait(false);
        report.TextResult = final.Status.ToString();
        return ExitCodes.Success;
    }
}
