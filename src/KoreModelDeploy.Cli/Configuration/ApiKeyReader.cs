using System.Text;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;

namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// Finds the API key: <c>--api-key-file</c>, <c>--api-key-stdin</c>, or <c>KORE_API_KEY</c>. A trailing line break
/// (what <c>echo</c> and editors add) is dropped; nothing else is changed, and the key is never part of a message.
/// </summary>
/// <remarks>
/// A key file is a regular file or a pipe (<c>&lt;(vault read …)</c> is <c>/dev/fd/N</c>, a pipe); devices, sockets
/// and directories are refused before they are opened. At most <see cref="MaxLength"/> is read from either source.
/// Opening a FIFO and reading a pipe wait in the kernel, where no cancellation token reaches, so they run on a thread
/// of their own that the command stops waiting for at Ctrl+C or SIGTERM; the process then exits 130 at once.
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
            key = await ReadFileAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        else if (settings.ApiKeyStdin)
        {
            source = "--api-key-stdin";
            key = await WhileNotCancelled(() => ReadBounded(host.In), source, cancellationToken).ConfigureAwait(false)
                ?? throw new CliConfigurationException($"--api-key-stdin: stdin holds more than {MaxLength / 1024} KiB; a key is far shorter");
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

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var refusal = FileKindProbe.Of(path) switch
        {
            FileKind.Missing => "it does not exist or cannot be looked at",
            FileKind.Directory => "it is a directory; give the file that holds the key",
            FileKind.Device => "it is a device, not a file or a pipe",
            FileKind.Socket => "it is a socket, not a file or a pipe",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new CliConfigurationException($"cannot read the API key file {path}: {refusal}");
        }

        try
        {
            return await WhileNotCancelled(() => ReadBounded(path), $"--api-key-file {path}", cancellationToken).ConfigureAwait(false)
                ?? throw new CliConfigurationException($"the API key file {path} holds more than {MaxLength / 1024} KiB; a key is far shorter: is it the right file?");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliConfigurationException($"cannot read the API key file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs a read that may block in the kernel on a thread of its own, and stops waiting for it when cancelled. The
    /// thread is a background one: a process that exits does not wait for it.
    /// </summary>
    private static async Task<string?> WhileNotCancelled(Func<string?> read, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new KeyWaitCancelledException(source, cancellationToken);
        }
    }

    /// <summary>The file's text (UTF-8, a byte-order mark dropped); <see langword="null"/> when it holds more than <see cref="MaxLength"/> bytes.</summary>
    private static string? ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[MaxLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxLength)
        {
            return null;
        }

        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, length);
        return text.StartsWith('\uFEFF') ? text[1..] : text;
    }

    /// <summary>What stdin holds; <see langword="null"/> when it holds more than <see cref="MaxLength"/> characters.</summary>
    private static string? ReadBounded(TextReader input)
    {
        var buffer = new char[MaxLength + 1];
        var length = input.ReadBlock(buffer, 0, buffer.Length);
        return length > MaxLength ? null : new string(buffer, 0, length);
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
