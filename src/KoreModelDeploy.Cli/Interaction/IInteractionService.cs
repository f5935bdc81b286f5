using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Every word the tool says goes through here: the result on stdout; progress, warnings and errors on stderr;
/// GitHub Actions' workflow commands and files. Commands never write to a stream themselves.
/// </summary>
internal interface IInteractionService
{
    /// <summary>The output options in force.</summary>
    OutputSettings Settings { get; }

    /// <summary>Where the SDK logs each HTTP attempt with <c>-v</c>; <see langword="null"/> otherwise.</summary>
    ILoggerFactory? HttpLoggerFactory { get; }

    /// <summary>Hides a secret from CI logs (GitHub Actions' <c>::add-mask::</c>); call before anything else is printed.</summary>
    void MaskSecret(string secret);

    /// <summary>Information for people; not shown with <c>-q</c>.</summary>
    void DisplayMessage(string message);

    /// <summary>A warning; always shown.</summary>
    void DisplayWarning(string message);

    /// <summary>An error; always shown.</summary>
    void DisplayError(string message);

    /// <summary>
    /// An error about one model of an apply; always shown, and in GitHub Actions also an error annotation titled with
    /// the command and the model, so each failed model is listed on the run's page.
    /// </summary>
    void DisplayModelError(string command, string modelId, string message);

    /// <summary>
    /// Asks a person a question on stderr and reads their answer, one line of stdin; <see langword="null"/> at the end
    /// of input. Only asked when stdin and stderr are terminals.
    /// </summary>
    /// <exception cref="Hosting.InputWaitCancelledException">Ctrl+C or SIGTERM came while waiting for the answer.</exception>
    Task<string?> AskAsync(string question, CancellationToken cancellationToken);

    /// <summary>
    /// Follows a job while <paramref name="wait"/> runs: a live line on a terminal, otherwise a line per status change
    /// and a heartbeat while nothing changes. In GitHub Actions the job's lines form one group.
    /// </summary>
    Task<DockStatus> TrackJobAsync(string action, string subject, Func<IProgress<DockStatus>, Task<DockStatus>> wait);

    /// <summary>
    /// Follows many models while <paramref name="run"/> runs: a live table with a row per model on a terminal,
    /// otherwise a line per step and status change and a heartbeat while nothing changes; nothing with <c>-q</c>. In
    /// GitHub Actions each model's lines form one group, written when the model finishes.
    /// </summary>
    Task<T> TrackModelsAsync<T>(IReadOnlyList<string> modelIds, Func<IApplyObserver, Task<T>> run);

    /// <summary>Writes the outcome: JSON or text on stdout, the reason on stderr, GitHub Actions outputs and summary.</summary>
    void WriteReport(CommandReport report);
}
