using System.Text;
using System.Text.Json;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Output;

namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// GitHub Actions support, on when <c>GITHUB_ACTIONS=true</c>. Workflow commands go to stderr, which the runner reads
/// too, so none can land in a redirected stdout (<c>-o json &gt; out.json</c> must never capture a mask command and the
/// key in it). Step outputs and the summary go to the files the runner names.
/// </summary>
internal sealed class GitHubActions
{
    private readonly TextWriter _error;
    private readonly string? _outputFile;
    private readonly string? _summaryFile;

    private GitHubActions(TextWriter error, string? outputFile, string? summaryFile)
    {
        _error = error;
        _outputFile = outputFile;
        _summaryFile = summaryFile;
    }

    /// <summary>The heading over the table, so a summary shared with other steps says whose rows these are.</summary>
    public const string SummaryHeading = "### kore-deploy";

    public const string SummaryHeader = "| command | model | dock status id | status | time | exit |";

    /// <summary>The header of the table of a plan's setting changes, under the rows of its models.</summary>
    public const string ChangesHeader = "| model | setting | change | before | after |";

    /// <summary>GitHub's limit on one step's summary; a plan's changes stop short of it and say how many were left out.</summary>
    public const int SummaryLimitBytes = 1024 * 1024;

    /// <summary>Room kept below <see cref="SummaryLimitBytes"/> for the rows of later commands in the same step.</summary>
    private const int SummaryReserveBytes = 16 * 1024;

    /// <summary>The runner's support, or <see langword="null"/> outside GitHub Actions.</summary>
    public static GitHubActions? Detect(CliHost host) =>
        string.Equals(host.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.Ordinal)
            ? new GitHubActions(host.Error, host.GetEnvironmentVariable("GITHUB_OUTPUT"), host.GetEnvironmentVariable("GITHUB_STEP_SUMMARY"))
            : null;

    public void AddMask(string secret) => _error.WriteLine("::add-mask::" + EscapeData(secret));

    public void StartGroup(string title) => _error.WriteLine("::group::" + EscapeData(OutsideText.ForLine(title)));

    public void EndGroup() => _error.WriteLine("::endgroup::");

    public void Error(string title, string message) =>
        _error.WriteLine($"::error title={EscapeProperty(OutsideText.ForLine(title))}::{EscapeData(OutsideText.ForLines(message)).Replace("##[", "#\u200B#[", StringComparison.Ordinal)}");

    /// <summary>
    /// Appends the step's outputs to <c>$GITHUB_OUTPUT</c> for later steps: <c>dock_status_id</c> and <c>status</c> for a
    /// single job; for plan and apply, <c>dock_status_ids</c> and <c>outcomes</c> as JSON objects keyed by model id, and
    /// plan's <c>has_changes</c>.
    /// </summary>
    public void WriteOutputs(CommandReport report)
    {
        if (_outputFile is null)
        {
            return;
        }

        var text = new StringBuilder();
        if (report.Models is { } models)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var model in models)
            {
                if (model.DockStatusId is { } id)
                {
                    ids[model.ModelId] = id;
                }

                outcomes[model.ModelId] = model.Outcome ?? model.Action;
            }

            AppendOutput(text, "dock_status_ids", JsonSerializer.Serialize(ids, StepOutputJsonContext.Default.DictionaryStringString));
            AppendOutput(text, "outcomes", JsonSerializer.Serialize(outcomes, StepOutputJsonContext.Default.DictionaryStringString));
            if (report.HasChanges is { } changes)
            {
                AppendOutput(text, "has_changes", changes ? "true" : "false");
            }
        }
        else if (report.DockStatusId is not null || report.Status is not null)
        {
            AppendOutput(text, "dock_status_id", report.DockStatusId);
            AppendOutput(text, "status", report.Status);
        }
        else
        {
            return;
        }

        File.AppendAllText(_outputFile, text.ToString());
    }

    /// <summary>Appends a row to <c>$GITHUB_STEP_SUMMARY</c>, with the table's header when the file has none yet.</summary>
    public void WriteSummary(CommandReport report)
    {
        if (_summaryFile is null)
        {
            return;
        }

        // One open: read what the step's summary holds so far, then add to its end.
        using var file = new FileStream(_summaryFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        string existing;
        using (var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true))
        {
            existing = reader.ReadToEnd();
        }

        var text = new StringBuilder();

        // A new table when the file has none yet, or when the last table in it is a plan's changes.
        if (existing.LastIndexOf(SummaryHeader, StringComparison.Ordinal) is var main && (main < 0 || existing.LastIndexOf(ChangesHeader, StringComparison.Ordinal) > main))
        {
            if (existing.Length > 0 && !existing.EndsWith('\n'))
            {
                text.Append('\n');
            }

            text.Append('\n').Append(SummaryHeading).Append("\n\n").Append(SummaryHeader).Append('\n').Append("|---|---|---|---|---|---|\n");
        }

        if (report.Models is { } models)
        {
            // plan and apply: a row per model, so the summary shows which one needs a look.
            foreach (var model in models)
            {
                var outcome = model.Outcome ?? model.Action;
                AppendRow(text, report, model.ModelId, model.DockStatusId, model.Status is null ? outcome : $"{outcome} ({model.Status})");
            }
        }
        else
        {
            var status = report.Status ?? (report.Valid is { } valid ? (valid ? "valid" : "invalid") : null);
            var detail = report.Message ?? report.Reason;
            AppendRow(text, report, report.ModelId ?? report.File, report.DockStatusId, (report.ExitCode == ExitCodes.Success || detail is null, status) switch
            {
                (true, _) => status ?? "-",

                // Nothing was sent (an invalid request, a missing key): the reason is the status.
                (false, null) => detail!,
                _ => status + ": " + detail,
            });
        }

        if (report.Models is { } planned && planned.Any(m => m.Changes is { Count: > 0 } || m.ChangesAvailable == false))
        {
            AppendChanges(text, planned, SummaryLimitBytes - SummaryReserveBytes - Encoding.UTF8.GetByteCount(existing));
        }

        file.Seek(0, SeekOrigin.End);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        file.Write(bytes, 0, bytes.Length);
    }

    private static void AppendRow(StringBuilder text, CommandReport report, string? subject, string? dockStatusId, string status) =>
        text.Append("| ").Append(Cell(report.Command))
            .Append(" | ").Append(Cell(subject))
            .Append(" | ").Append(Cell(dockStatusId))
            .Append(" | ").Append(Cell(status))
            .Append(" | ").Append(Cell(ElapsedText.Format(TimeSpan.FromSeconds(report.ElapsedSeconds))))
            .Append(" | ").Append(report.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" |\n");

    /// <summary>
    /// A plan's setting changes, a row each, for a reviewer who approves the plan from the summary alone; rows that
    /// would take the summary past <paramref name="budgetBytes"/> are left out and counted.
    /// </summary>
    private static void AppendChanges(StringBuilder text, IReadOnlyList<ModelReport> models, int budgetBytes)
    {
        var table = new StringBuilder("\n").Append(ChangesHeader).Append("\n|---|---|---|---|---|\n");
        var used = Encoding.UTF8.GetByteCount(text.ToString()) + Encoding.UTF8.GetByteCount(table.ToString());
        var left = 0;
        foreach (var model in models)
        {
            var rows = model.ChangesAvailable == false
                ? [$"| {Cell(model.ModelId)} | - | no diff available | - | - |\n"]
                : (model.Changes ?? []).Select(change =>
                    $"| {Cell(model.ModelId)} | {Cell(change.Path)} | {change.Kind} | {Code(change.Before)} | {Code(change.After)} |\n");
            foreach (var row in rows)
            {
                var size = Encoding.UTF8.GetByteCount(row);
                if (left > 0 || used + size > budgetBytes)
                {
                    left++;
                    continue;
                }

                table.Append(row);
                used += size;
            }
        }

        if (left > 0)
        {
            table.Append('\n').Append(left).Append(left == 1 ? " more change is" : " more changes are").Append(" not shown here (GitHub's 1 MiB summary limit); `kore-deploy plan -o json` lists every change.\n");
        }

        text.Append(table);
    }

    /// <summary>
    /// A JSON value in a summary cell, as a code span, so it reads as it was written; <c>-</c> when absent. In a code
    /// span only a pipe still ends the cell (it is escaped) and a backtick the span (it becomes a quote).
    /// </summary>
    private static string Code(JsonElement? value) =>
        value is { } json
            ? "`" + OutsideText.ForLine(json.GetRawText()).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal) + "`"
            : "-";

    private static void AppendOutput(StringBuilder text, string name, string? value)
    {
        // Values come from the service; one with a line break would need the multi-line form, so it is flattened.
        var flat = OutsideText.ForLine(value ?? string.Empty);
        text.Append(name).Append('=').Append(flat).Append('\n');
    }

    private static string Cell(string? value) =>
        string.IsNullOrEmpty(value) ? "-" : SummaryCell.Escape(OutsideText.ForLine(value));

    /// <summary>
    /// A line that holds text from outside (a model id, the service's messages) as it may be printed in the runner's
    /// log: on one line, and never read as a workflow command. The runner takes a line that starts with <c>::</c> as a
    /// command, and <c>##[</c> anywhere in it; a zero-width space breaks each without changing what people read.
    /// </summary>
    public static string Inert(string line)
    {
        if (line.AsSpan().IndexOfAny("\r\n\u2028\u2029") >= 0)
        {
            line = line.Replace('\r', ' ').Replace('\n', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
        }

        line = line.Replace("##[", "#\u200B#[", StringComparison.Ordinal);
        var start = line.Length - line.AsSpan().TrimStart().Length;
        return line.AsSpan(start).StartsWith("::", StringComparison.Ordinal) ? line.Insert(start + 1, "\u200B") : line;
    }

    // https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts: what the runner unescapes.
    private static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
