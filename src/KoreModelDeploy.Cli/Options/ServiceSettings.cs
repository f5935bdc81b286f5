namespace KoreModelDeploy.Cli.Options;

/// <summary>The service options as parsed; the environment fills in what they leave out.</summary>
internal sealed record ServiceSettings(string? Host, FileInfo? ApiKeyFile, bool ApiKeyStdin);
