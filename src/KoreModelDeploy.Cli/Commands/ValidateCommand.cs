using System.CommandLine;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Commands;

/// <summary><c>kore-deploy validate --file F [--set …]</c>: every rule, no network; exit 0 or 3.</summary>
internal sealed class ValidateCommand : BaseCommand
{
    private readonly DeployFileOptions _file = new();

    public ValidateCommand(CliHost host)
        : base("validate", "Check a deploy file (with its --set overrides) against every documented rule, without sending anything.", host, callsService: false)
    {
        _file.AddTo(this);
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy validate --file deploy.json --set scalingParameters.maxReplicas=4"],
        [],
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.InvalidRequest, ExitCodes.Configuration]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var file = parseResult.GetRequiredValue(_file.File);
        report.File = file.FullName;
        try
        {
            var request = await _file.ReadAsync(parseResult, cancellationToken).ConfigureAwait(false);
            KoreRequestValidator.ThrowIfInvalid(request);
        }
        catch (KoreValidationException)
        {
            report.Valid = false;
            throw;
        }

        report.Valid = true;
        report.Violations = [];
        interaction.DisplayMessage($"{file.Name}: valid; every documented rule holds");
        return ExitCodes.Success;
    }
}
