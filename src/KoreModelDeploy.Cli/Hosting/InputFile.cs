using System.Text;
using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Reads a file the user named (the API key, a manifest, a deploy file) as text: a regular file or a pipe (so
/// <c>&lt;(…)</c>, which is <c>/dev/fd/N</c>, works), never a directory, device or socket, and never more than a bound,
/// so <c>/dev/zero</c> or a huge file is a clear error instead of gigabytes of memory. Opening a FIFO and reading a pipe
/// wait in the kernel, where no cancellation token reaches, so they run on a thread of their own that the command
/// stops waiting for at Ctrl+C or SIGTERM; the process then exits 130 at once.
/// </summary>
internal static class InputFile
{
    /// <param name="path">The file.</param>
    /// <param name="what">What it is, for messages: <c>the API key file</c>, <c>the manifest</c>.</param>
    /// <param name="maxBytes">The most that is read.</param>
    /// <param name="cancellationToken">Stops the wait; the read goes on on its thread until the process exits.</param>
    /// <exception cref="CliConfigurationException">The path is no file or pipe, cannot be read, or holds more than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="InputWaitCancelledException">Cancelled while waiting for the file.</exception>
    public static async Task<string> ReadTextAsync(string path, string what, int maxBytes, CancellationToken cancellationToken)
    {
        var kind = NativeFiles.KindOf(path);
        var refusal = kind switch
        {
            FileKind.Missing => "it does not exist or cannot be looked at",
            FileKind.Directory => "it is a directory, not a file",
            FileKind.Device => "it is a device, not a file or a pipe",
            FileKind.Socket => "it is a socket, not a file or a pipe",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new CliConfigurationException($"cannot read {what} {path}: {refusal}");
        }

        try
        {
            // A regular file is read where the command runs: reading one waits on no other process, as a pipe's does.
            // (A file on a hung network mount would still hold the read, until a second Ctrl+C ends the process.)
            var text = kind == FileKind.Regular
                ? ReadBounded(path, maxBytes)
                : await WhileNotCancelled(() => ReadBounded(path, maxBytes), $"{what} {path}", cancellationToken).ConfigureAwait(false);
            return text ?? throw new CliConfigurationException($"{what} {path} holds more than {Size(maxBytes)}: is it the right file?");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliConfigurationException($"cannot read {what} {path}: {ex.Message}", ex);
        }
    }

    /// <summary>What <paramref name="input"/> holds until it ends; <see langword="null"/> when more than <paramref name="maxChars"/> characters.</summary>
    /// <exception cref="InputWaitCancelledException">Cancelled while waiting for the input.</exception>
    public static Task<string?> ReadToEndAsync(TextReader input, string what, int maxChars, CancellationToken cancellationToken) =>
        WhileNotCancelled(
            () =>
            {
                var buffer = new char[maxChars + 1];
                var length = input.ReadBlock(buffer, 0, buffer.Length);
                return length > maxChars ? null : new string(buffer, 0, length);
            },
            what,
            cancellationToken);

    /// <summary>
    /// One line of <paramref name="input"/> without its line break, at most <paramref name="maxChars"/> long (the
    /// rest of a longer line is left unread); <see langword="null"/> at the end of input. Ctrl+C ends the wait at once.
    /// </summary>
    /// <exception cref="InputWaitCancelledException">Cancelled while waiting.</exception>
    public static Task<string?> ReadLineAsync(TextReader input, string what, int maxChars, CancellationToken cancellationToken) =>
        WhileNotCancelled(
            () =>
            {
                var line = new System.Text.StringBuilder();
                int c;
                // A terminal's Enter arrives as '\r' when the console has turned off its CR-to-NL mapping; a pipe
                // sends '\n'. Either ends the answer.
                while ((c = input.Read()) >= 0 && c != '\n' && c != '\r')
                {
                    if (line.Length < maxChars)
                    {
                        line.Append((char)c);
                    }
                }

                return c < 0 && line.Length == 0 ? null : line.ToString();
            },
            what,
            cancellationToken);

    /// <summary>A size for people: <c>64 KiB</c>, <c>16 MiB</c>.</summary>
    public static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

    /// <summary>Runs a read that may block in the kernel on a background thread, and stops waiting for it when cancelled.</summary>
    private static async Task<string?> WhileNotCancelled(Func<string?> read, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new InputWaitCancelledException(what, cancellationToken);
        }
    }

    /// <summary>The file's text (UTF-8, a byte-order mark dropped); <see langword="null"/> when it holds more than <paramref name="maxBytes"/>.</summary>
    private static string? ReadBounded(string path, int maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);

        // Sized from the file's length where it has one (a pipe has none), so that a small file does not cost a buffer
        // of the whole bound, zeroed; one that grows while it is read, or a pipe, grows the buffer up to the bound.
        var bound = maxBytes + 1;
        var buffer = new byte[stream.CanSeek ? (int)Math.Clamp(stream.Length + 1, 1, bound) : Math.Min(16 * 1024, bound)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length == bound)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, bound));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, length);
        return text.StartsWith('\uFEFF') ? text[1..] : text;
    }
}
