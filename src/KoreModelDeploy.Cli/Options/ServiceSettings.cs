using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Options;

/// <summary>The service options as read from the command line, once; the environment fills in what they leave out.</summary>
/// <param name="Host"><c>--host</c>, read; <see langword="null"/> when it was not given.</param>
/// <param name="ApiKeyFile"><c>--api-key-file</c>.</param>
/// <param name="ApiKeyStdin"><c>--api-key-stdin</c>.</param>
internal sealed record ServiceSettings(HostArgument? Host, FileInfo? ApiKeyFile, bool ApiKeyStdin);
