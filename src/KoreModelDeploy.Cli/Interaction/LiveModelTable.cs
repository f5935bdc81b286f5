using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.Models;
using Spectre.Console;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>An apply's progress on a terminal: a table on stderr with a row per model, redrawn in place.</summary>
internal sealed class LiveModelTable(CliHost host, IReadOnlyList<string> modelIds) : IApplyObserver
{
    private readonly ModelRows _rows = new(host, modelIds);

    public void StepStarted(string modelId, PlannedStep step) => _rows.StartStep(modelId, step);

    public void JobStarted(string modelId, PlannedStep step, string dockStatusId) => _rows.SetJob(modelId, dockStatusId);

    public void StatusChanged(string modelId, DockStatus status) => _rows.SetStatus(modelId, status);

    public void ModelFinished(ModelResult result) => _rows.Finish(result);

    public async Task<T> RunAsync<T>(IAnsiConsole console, Func<IApplyObserver, Task<T>> run)
    {
        T result = default!;
        await console.Live(Render()).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            var running = run(this);
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(250), host.TimeProvider)).ConfigureAwait(false);
            }

            context.UpdateTarget(Render());
            result = await running.ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("model").AddColumn("step").AddColumn("job").AddColumn("status").AddColumn("elapsed");
        table.Title = new TableTitle(Markup.Escape($"apply: {_rows.Progress}, {_rows.Elapsed(_rows.StartedAt)}"));
        foreach (var id in _rows.Order)
        {
            var row = _rows[id];
            var status = row.Outcome switch
            {
                null => Cell(row.Status),
                "unchanged" or "deployed" or "redeployed" or "resumed" or "pruned" or "retried" => $"[green]{Markup.Escape(row.Outcome)}[/]",
                "prune-candidate" => $"[grey]{Markup.Escape(row.Outcome)}[/]",
                _ => $"[red]{Markup.Escape(row.Outcome)}[/]",
            };
            table.AddRow(
                Cell(id),
                Cell(row.Outcome is null ? row.Step : null),
                Cell(row.DockStatusId),
                status,
                row.StepStartedAt is { } since && row.Outcome is null ? _rows.Elapsed(since) : string.Empty);
        }

        return table;
    }

    private static string Cell(string? text) => Markup.Escape(OutsideText.ForLine(text ?? string.Empty));
}
