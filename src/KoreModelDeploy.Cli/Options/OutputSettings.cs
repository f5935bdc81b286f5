namespace KoreModelDeploy.Cli.Options;

/// <summary>The output options as parsed.</summary>
internal sealed record OutputSettings(OutputFormat Format, bool Quiet, bool Verbose, bool NoColor)
{
    public static OutputSettings Default { get; } = new(OutputFormat.Text, Quiet: false, Verbose: false, NoColor: false);
}
