using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// Finds the API key: <c>--api-key-file</c>, <c>--api-key-stdin</c>, or <c>KORE_API_KEY</c>. A trailing line break
/// (what <c>echo</c> and editors add) is dropped; nothing else is changed, and the key is never part of a message.
/// </summary>
internal static class ApiKeyReader
{
    public static async Task<string> ReadAsync(ServiceSettings settings, CliHost host, CancellationToken cancellationToken)
    {
        string? key;
        string source;
        if (settings.ApiKeyFile is { } file)
        {
            source = $"--api-key-file {file.FullName}";
            try
            {
                key = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliConfigurationException($"cannot read the API key file {file.FullName}: {ex.Message}", ex);
            }
        }
        else if (settings.ApiKeyStdin)
        {
            source = "--api-key-stdin";
            key = await host.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            source = ServiceOptions.ApiKeyVariable;
            key = host.GetEnvironmentVariable(ServiceOptions.ApiKeyVariable);
            if (key is null)
            {
                throw new CliConfigurationException(
                    $"no API key: set {ServiceOptions.ApiKeyVariable}, or use --api-key-file PATH or --api-key-stdin");
            }
        }

        key = TrimOneLineBreak(key);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliConfigurationException($"the API key from {source} is empty");
        }

        return key;
    }

    private static string TrimOneLineBreak(string text)
    {
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            return text[..^2];
        }

        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
