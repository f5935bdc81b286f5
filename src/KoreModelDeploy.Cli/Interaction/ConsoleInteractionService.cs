using System.Text.Json;
using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// The one writer of the tool's output. stdout carries the result only; stderr carries everything for people, either
/// live (a spinner line per job, colour) on a terminal, or plain lines with no escape codes at all. Every text line
/// passes <see cref="OutsideText"/> on its way out, so no control character from outside reaches a terminal or a log.
/// </summary>
internal sealed class ConsoleInteractionService : IInteractionService, IStderrLines
{
    /// <summary>The longest answer read; an answer is a word.</summary>
    private const int MaxAnswerLength = 1024;

    private readonly CliHost _host;
    private readonly GitHubActions? _gitHub;
    private readonly IAnsiConsole? _live;
    private readonly Lock _stderrLock = new();

    public ConsoleInteractionService(CliHost host, OutputSettings settings)
    {
        _host = host;
        Settings = settings;
        _gitHub = GitHubActions.Detect(host);
        if (TerminalMode.IsLive(host, settings))
        {
            _live = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.Standard,
                Interactive = InteractionSupport.Yes,
                Out = new AnsiConsoleOutput(host.Error),
            });
        }

        HttpLoggerFactory = settings.Verbose ? new StderrLoggerFactory(this) : null;
    }

    public OutputSettings Settings { get; }

    public ILoggerFactory? HttpLoggerFactory { get; }

    public void MaskSecret(string secret) => _gitHub?.AddMask(secret);

    public void DisplayMessage(string message)
    {
        if (!Settings.Quiet)
        {
            WriteStderr(message, null);
        }
    }

    public void DisplayWarning(string message) => WriteStderr("warning: " + message, "yellow");

    public void DisplayError(string message) => WriteStderr("error: " + message, "red");

    public async Task<string?> AskAsync(string question, CancellationToken cancellationToken)
    {
        lock (_stderrLock)
        {
            _host.Error.Write(question + " ");
            _host.Error.Flush();
        }

        return await InputFile.ReadLineAsync(_host.In, "an answer", MaxAnswerLength, cancellationToken).ConfigureAwait(false);
    }

    public void DisplayModelError(string command, string modelId, string message)
    {
        DisplayError($"{modelId}: {message}");
        lock (_stderrLock)
        {
            _gitHub?.Error($"kore-deploy {command}: {modelId}", message);
        }
    }

    public async Task<DockStatus> TrackJobAsync(string action, string subject, Func<IProgress<DockStatus>, Task<DockStatus>> wait)
    {
        _gitHub?.StartGroup($"{action} {subject}");
        try
        {
            if (Settings.Quiet)
            {
                return await wait(new LatestStatus()).ConfigureAwait(false);
            }

            if (_live is not null)
            {
                return await TrackLiveAsync(_live, action, subject, wait).ConfigureAwait(false);
            }

            using var plain = new PlainJobProgress(this, _host, action, subject);
            return await wait(plain).ConfigureAwait(false);
        }
        finally
        {
            _gitHub?.EndGroup();
        }
    }

    public async Task<T> TrackModelsAsync<T>(IReadOnlyList<string> modelIds, Func<IApplyObserver, Task<T>> run)
    {
        if (Settings.Quiet)
        {
            return await run(SilentObserver.Instance).ConfigureAwait(false);
        }

        if (_live is not null)
        {
            return await new LiveModelTable(_host, modelIds).RunAsync(_live, run).ConfigureAwait(false);
        }

        using var plain = new PlainModelProgress(this, _host, modelIds, _gitHub is not null);
        return await run(plain).ConfigureAwait(false);
    }

    public void WriteReport(CommandReport report)
    {
        if (Settings.Format == OutputFormat.Json)
        {
            var json = JsonSerializer.Serialize(report, CliJsonContext.Default.CommandReport);

            // "##[" can only stand inside a JSON string here; escaped, it means the same and no runner reads a command in it.
            _host.Out.WriteLine(_gitHub is null ? json : json.Replace("##[", "##\\u005B", StringComparison.Ordinal));
        }
        else if (report.TextResult is { } result)
        {
            var text = OutsideText.ForLines(result);
            text = _host.OutIsTerminal ? TextColumns.Align(text) : text;
            // The runner reads workflow commands from stdout too, and a text result starts with a model id.
            _host.Out.WriteLine(_gitHub is null ? text : string.Join(Environment.NewLine, text.Split('\n').Select(l => GitHubActions.Inert(l.TrimEnd('\r')))));
        }

        if (report.Reason is { } reason)
        {
            if (report.ExitCode == ExitCodes.Cancelled)
            {
                WriteStderr(reason, "yellow");
            }
            else if (report.ExitCode != ExitCodes.Success)
            {
                DisplayError(reason);
                _gitHub?.Error("kore-deploy " + report.Command, AnnotationText(reason, report.Violations));
            }
        }

        if (report.Violations is { Count: > 0 } violations)
        {
            foreach (var violation in violations)
            {
                WriteStderr("  " + (violation.AttemptedValue is null
                    ? $"{violation.Path}: {violation.Message}"
                    : $"{violation.Path} = {violation.AttemptedValue}: {violation.Message}"), null);
            }
        }

        if (_gitHub is not null)
        {
            try
            {
                _gitHub.WriteOutputs(report);
                _gitHub.WriteSummary(report);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The command's outcome stands; a runner file that cannot be written is worth a warning, not a new exit code.
                DisplayWarning("cannot write GitHub Actions' output or summary file: " + ex.Message);
            }
        }

        _host.Out.Flush();
        _host.Error.Flush();
    }

    /// <summary>The reason, with every broken rule on a line of its own, so the run's page lists them all.</summary>
    private static string AnnotationText(string reason, IReadOnlyList<ViolationReport>? violations) =>
        violations is not { Count: > 0 }
            ? reason
            : reason + "\n" + string.Join("\n", violations.Select(v => $"{v.Path}: {v.Message}"));

    public void WriteLine(string line) => WriteStderr(line, null);

    public void WriteGroup(string title, IReadOnlyList<string> lines)
    {
        lock (_stderrLock)
        {
            _gitHub?.StartGroup(title);
            foreach (var line in lines.Select(OutsideText.ForLine))
            {
                _host.Error.WriteLine(_gitHub is null ? line : GitHubActions.Inert(line));
            }

            _gitHub?.EndGroup();
        }
    }

    /// <summary>Writes one line to stderr; on a live terminal in <paramref name="colour"/>.</summary>
    private void WriteStderr(string line, string? colour)
    {
        line = OutsideText.ForLine(line);
        lock (_stderrLock)
        {
            if (_live is not null && colour is not null)
            {
                _live.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
            }
            else
            {
                _host.Error.WriteLine(_gitHub is null ? line : GitHubActions.Inert(line));
            }
        }
    }

    private async Task<DockStatus> TrackLiveAsync(IAnsiConsole console, string action, string subject, Func<IProgress<DockStatus>, Task<DockStatus>> wait)
    {
        var started = _host.TimeProvider.GetTimestamp();
        var latest = new LatestStatus();
        string Line() => OutsideText.ForLine($"{action} {subject}: {latest.Value?.Status.ToString() ?? "starting"} ({ElapsedText.Format(_host.TimeProvider.GetElapsedTime(started))})");

        // The spinner's line names the job as soon as a status carries its id, so it can be followed from elsewhere meanwhile.
        string LiveLine() => latest.Value?.Id is { Length: > 0 } id && id != subject
            ? $"{action} {subject} (job {id}): {latest.Value.Status} ({ElapsedText.Format(_host.TimeProvider.GetElapsedTime(started))})"
            : Line();

        DockStatus final;
        try
        {
            final = await console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(Line()), async context =>
            {
                var waiting = wait(latest);
                while (!waiting.IsCompleted)
                {
                    context.Status(Markup.Escape(LiveLine()));
                    await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(200), _host.TimeProvider)).ConfigureAwait(false);
                }

                return await waiting.ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (Exception) when (!Settings.Quiet)
        {
            // The live line vanishes with the spinner: a wait that ends badly (FAILED, a timeout, Ctrl+C) keeps its last line.
            WriteStderr(LiveLine(), "red");
            throw;
        }

        if (!Settings.Quiet)
        {
            WriteStderr(Line(), "green");
        }

        return final;
    }

    private sealed class SilentObserver : IApplyObserver
    {
        public static readonly SilentObserver Instance = new();

        public void StepStarted(string modelId, PlannedStep step)
        {
        }

        public void JobStarted(string modelId, PlannedStep step, string dockStatusId)
        {
        }

        public void StatusChanged(string modelId, DockStatus status)
        {
        }

        public void ModelFinished(ModelResult result)
        {
        }
    }

    private sealed class LatestStatus : IProgress<DockStatus>
    {
        private DockStatus? _value;

        public DockStatus? Value => Volatile.Read(ref _value);

        public void Report(DockStatus value) => Volatile.Write(ref _value, value);
    }
}
