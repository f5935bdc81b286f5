namespace KoreModelDeploy.Cli.Options;

/// <summary>What stdout carries: the result as text for people and scripts, or one JSON document.</summary>
internal enum OutputFormat
{
    /// <summary>A short line per result (an id or a status); everything else on stderr.</summary>
    Text,

    /// <summary>One JSON object per command, with stable field names.</summary>
    Json,
}
