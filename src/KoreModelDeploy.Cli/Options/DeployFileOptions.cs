using System.CommandLine;
using KoreModelDeploy.Cli.DeployFiles;
using KoreModelDeploy.Models;

namespace KoreModelDeploy.Cli.Options;

/// <summary><c>--file</c> and <c>--set</c>: the deploy request, from a file with fields overridden per environment.</summary>
internal sealed class DeployFileOptions
{
    public Option<FileInfo> File { get; } = new("--file", "-f")
    {
        Description = "The deploy request body, in the vendor's JSON format.",
        Required = true,
        HelpName = "deploy.json",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = $"Override one field of the file, typed by the field: --set {SetOverride.Example}; an empty value sets \"\"; "
            + "an array takes JSON: --set 'hyperParameters.stopSequence=[\"###\"]'. Repeatable.",
        HelpName = "path=value",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Set);
    }

    public Task<DeployModelRequest> ReadAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        DeployFileReader.ReadAsync(parseResult.GetRequiredValue(File), parseResult.GetValue(Set) ?? [], cancellationToken);
}
