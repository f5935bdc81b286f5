using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;
using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// An interaction service with no console: it records, in order, what each call was asked to show, as typed records, so
/// a test asserts what a command said rather than how a terminal rendered it. Thread-safe: an apply reports from
/// parallel model runs.
/// </summary>
internal sealed class RecordingInteractionService(OutputSettings settings) : IInteractionService, IStderrLines
{
    private readonly List<Shown> _shown = [];

    public RecordingInteractionService()
        : this(OutputSettings.Default)
    {
    }

    public OutputSettings Settings { get; } = settings;

    /// <summary>No SDK log: a test that needs it asks the console service for it.</summary>
    public ILoggerFactory? HttpLoggerFactory => null;

    /// <summary>Everything shown so far, in the order it was asked for.</summary>
    public IReadOnlyList<Shown> Shown
    {
        get
        {
            lock (_shown)
            {
                return [.. _shown];
            }
        }
    }

    /// <summary>The records of one kind, in order.</summary>
    public IReadOnlyList<T> ShownOf<T>()
        where T : Shown => [.. Shown.OfType<T>()];

    /// <summary>The one report the run wrote.</summary>
    public CommandReport Report => ShownOf<ReportWritten>().Should().ContainSingle().Subject.Report;

    public void MaskSecret(string secret) => Record(new SecretMasked(secret));

    public void DisplayMessage(string message) => Record(new MessageShown(message));

    public void DisplayWarning(string message) => Record(new WarningShown(message));

    public void DisplayError(string message) => Record(new ErrorShown(message));

    public void DisplayModelError(string command, string modelId, string message) => Record(new ModelErrorShown(command, modelId, message));

    /// <summary>The answers <see cref="AskAsync"/> gives, in order; the end of input once they run out.</summary>
    public Queue<string?> Answers { get; } = new();

    public Task<string?> AskAsync(string question, CancellationToken cancellationToken)
    {
        Record(new QuestionAsked(question));
        lock (Answers)
        {
            return Task.FromResult(Answers.Count > 0 ? Answers.Dequeue() : null);
        }
    }

    public async Task<DockStatus> TrackJobAsync(string action, string subject, Func<IProgress<DockStatus>, Task<DockStatus>> wait)
    {
        Record(new JobTracked(action, subject));
        var final = await wait(new JobProgress(this, subject));
        Record(new JobEnded(subject, final));
        return final;
    }

    public Task<T> TrackModelsAsync<T>(IReadOnlyList<string> modelIds, Func<IApplyObserver, Task<T>> run)
    {
        Record(new ModelsTracked(modelIds));
        return run(new ModelObserver(this));
    }

    public void WriteReport(CommandReport report) => Record(new ReportWritten(report));

    public void WriteLine(string line) => Record(new LineShown(line));

    public void WriteGroup(string title, IReadOnlyList<string> lines) => Record(new GroupShown(title, [.. lines]));

    private void Record(Shown shown)
    {
        lock (_shown)
        {
            _shown.Add(shown);
        }
    }

    private sealed class JobProgress(RecordingInteractionService owner, string subject) : IProgress<DockStatus>
    {
        public void Report(DockStatus value) => owner.Record(new JobStatusShown(subject, value));
    }

    private sealed class ModelObserver(RecordingInteractionService owner) : IApplyObserver
    {
        public void StepStarted(string modelId, PlannedStep step) => owner.Record(new ModelStepShown(modelId, step));

        public void JobStarted(string modelId, PlannedStep step, string dockStatusId) => owner.Record(new ModelJobShown(modelId, step, dockStatusId));

        public void StatusChanged(string modelId, DockStatus status) => owner.Record(new ModelStatusShown(modelId, status));

        public void ModelFinished(ModelResult result) => owner.Record(new ModelFinishedShown(result));
    }
}

/// <summary>One thing an interaction service was asked to show.</summary>
internal abstract record Shown;

/// <summary><see cref="IInteractionService.MaskSecret"/>.</summary>
internal sealed record SecretMasked(string Secret) : Shown;

/// <summary><see cref="IInteractionService.DisplayMessage"/>.</summary>
internal sealed record MessageShown(string Text) : Shown;

/// <summary><see cref="IInteractionService.DisplayWarning"/>.</summary>
internal sealed record WarningShown(string Text) : Shown;

/// <summary><see cref="IInteractionService.DisplayError"/>.</summary>
internal sealed record ErrorShown(string Text) : Shown;

/// <summary><see cref="IInteractionService.DisplayModelError"/>.</summary>
internal sealed record ModelErrorShown(string Command, string ModelId, string Text) : Shown;

/// <summary>A question put to a person (apply's confirmation).</summary>
internal sealed record QuestionAsked(string Question) : Shown;

/// <summary>A job began to be followed (<see cref="IInteractionService.TrackJobAsync"/>).</summary>
internal sealed record JobTracked(string Action, string Subject) : Shown;

/// <summary>A status the followed job's wait reported.</summary>
internal sealed record JobStatusShown(string Subject, DockStatus Status) : Shown;

/// <summary>The followed job's wait returned its final status.</summary>
internal sealed record JobEnded(string Subject, DockStatus Final) : Shown;

/// <summary>An apply's models began to be followed (<see cref="IInteractionService.TrackModelsAsync{T}"/>).</summary>
internal sealed record ModelsTracked(IReadOnlyList<string> ModelIds) : Shown;

/// <summary><see cref="IApplyObserver.StepStarted"/>.</summary>
internal sealed record ModelStepShown(string ModelId, PlannedStep Step) : Shown;

/// <summary><see cref="IApplyObserver.JobStarted"/>.</summary>
internal sealed record ModelJobShown(string ModelId, PlannedStep Step, string DockStatusId) : Shown;

/// <summary><see cref="IApplyObserver.StatusChanged"/>.</summary>
internal sealed record ModelStatusShown(string ModelId, DockStatus Status) : Shown;

/// <summary><see cref="IApplyObserver.ModelFinished"/>.</summary>
internal sealed record ModelFinishedShown(ModelResult Result) : Shown;

/// <summary><see cref="IInteractionService.WriteReport"/>.</summary>
internal sealed record ReportWritten(CommandReport Report) : Shown;

/// <summary><see cref="IStderrLines.WriteLine"/>.</summary>
internal sealed record LineShown(string Text) : Shown;

/// <summary><see cref="IStderrLines.WriteGroup"/>.</summary>
internal sealed record GroupShown(string Title, IReadOnlyList<string> Lines) : Shown;
