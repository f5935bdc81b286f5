using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy status &lt;dockStatusId&gt;</c>: one Get Dock Status. Exits 0 whenever it read a status, whatever the
/// status: reading FAILED is a successful read.
/// </summary>
internal sealed class StatusCommand : BaseCommand
{
    private readonly Argument<string> _id = new("dockStatusId") { Description = "The job's id, as deploy or undeploy printed it." };
    private readonly ServiceOptions _service = new();

    public StatusCommand(CliHost host)
        : base("status", "Read a dock job's status once and print it (exit 0 whatever the status).", host)
    {
        Arguments.Add(_id);
        _service.AddTo(this);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy status ds-0123 -o json"],
        CommandHelp.ServiceVariables,
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Authentication, ExitCodes.ApiError, ExitCodes.Configuration]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var id = parseResult.GetRequiredValue(_id);
        report.DockStatusId = id;
        var service = _service.Read(parseResult);
        ServiceOptions.Describe(service, report);
        var client = await ClientFactory.CreateAsync(service, null, Host, interaction, cancellationToken).ConfigureAwait(false);

        var status = await client.GetDockStatusAsync(id, cancellationToken).ConfigureAwait(false);
        ExitCodeMapper.Take(report, status);
        report.TextResult = report.Status;
        if (!string.IsNullOrEmpty(status.Message))
        {
            interaction.DisplayMessage($"{id}: {status.Status}: {status.Message}");
        }

        return ExitCodes.Success;
    }
}
