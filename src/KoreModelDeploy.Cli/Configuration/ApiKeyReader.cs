using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// Finds the API key: <c>--api-key-file</c>, <c>--api-key-stdin</c>, or <c>KORE_API_KEY</c>. A trailing line break
/// (what <c>echo</c> and editors add) is dropped; nothing else is changed, and the key is never part of a message.
/// </summary>
/// <remarks>
/// A key file is a regular file or a pipe, read as <see cref="InputFile"/> reads: devices, sockets and directories are
/// refused, at most <see cref="MaxLength"/> is read from either source, and Ctrl+C or SIGTERM ends the wait at once.
/// </remarks>
internal static class ApiKeyReader
{
    /// <summary>The most that is read as a key (64 KiB); a key is far shorter, and more is the wrong file.</summary>
    public const int MaxLength = 64 * 1024;

    public static async Task<string> ReadAsync(ServiceSettings settings, CliHost host, CancellationToken cancellationToken)
    {
        string? key;
        string source;
        if (settings.ApiKeyFile is { } file)
        {
            source = $"--api-key-file {file.FullName}";
            key = await InputFile.ReadTextAsync(file.FullName, "the API key file", MaxLength, cancellationToken).ConfigureAwait(false);
        }
        else if (settings.ApiKeyStdin)
        {
            source = "--api-key-stdin";
            key = await InputFile.ReadToEndAsync(host.In, "the API key from --api-key-stdin", MaxLength, cancellationToken).ConfigureAwait(false)
                ?? throw new CliConfigurationException($"--api-key-stdin: stdin holds more than {InputFile.Size(MaxLength)}; a key is far shorter");
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
