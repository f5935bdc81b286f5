using System.CommandLine.Parsing;
using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>
/// A person's answer for a model whose step the journal cannot finish, from <c>--resolve MODEL=not-started</c> (no
/// job in the console: the next step may be sent) or <c>--resolve MODEL=started:DOCK_STATUS_ID</c> (the job exists:
/// apply waits on it).
/// </summary>
internal sealed record Resolution(string ModelId, string? DockStatusId)
{
    public const string Syntax = "MODEL=not-started or MODEL=started:DOCK_STATUS_ID";

    private const string NotStarted = "=not-started";
    private const string Started = "=started:";

    /// <summary>
    /// Splits at the last <c>=not-started</c> or <c>=started:</c>, so a model id may itself hold <c>=</c>. Only the
    /// shape is checked here; <see cref="RecordAll"/> checks the values against the journal and the SDK's rules.
    /// </summary>
    public static bool TryParse(string text, out Resolution? resolution, out string? error)
    {
        resolution = null;
        error = null;
        if (text.EndsWith(NotStarted, StringComparison.Ordinal) && text.Length > NotStarted.Length)
        {
            resolution = new Resolution(text[..^NotStarted.Length], null);
            return true;
        }

        var started = text.LastIndexOf(Started, StringComparison.Ordinal);
        if (started > 0 && started + Started.Length < text.Length)
        {
            resolution = new Resolution(text[..started], text[(started + Started.Length)..]);
            return true;
        }

        error = $"--resolve '{text}': expected {Syntax}.";
        return false;
    }

    /// <summary>
    /// Reads every <c>--resolve</c> value of a command line, naming each one that has no resolution's shape: the
    /// option's parser, so the command receives resolutions, never their text.
    /// </summary>
    public static Resolution[] ParseAll(ArgumentResult result)
    {
        var resolutions = new List<Resolution>();
        foreach (var token in result.Tokens)
        {
            if (TryParse(token.Value, out var resolution, out var error))
            {
                resolutions.Add(resolution!);
            }
            else
            {
                result.AddError(error!);
            }
        }

        return [.. resolutions];
    }

    /// <summary>
    /// Checks every resolution against <paramref name="state"/> and returns the events that record them: each must name
    /// a model whose step the journal has not seen end, and a dock status id must pass the SDK's rule for dock status
    /// ids. Nothing is returned unless all pass.
    /// </summary>
    /// <exception cref="KoreValidationException">A resolution names no such model, or its id breaks the rule; every one is named.</exception>
    public static IReadOnlyList<JournalEvent.Resolved> Check(IReadOnlyList<Resolution> resolutions, JournalState state)
    {
        var errors = new List<KoreValidationError>();
        var events = new List<JournalEvent.Resolved>();
        foreach (var resolution in resolutions)
        {
            var path = $"--resolve {resolution.ModelId}";
            var record = state.Find(resolution.ModelId);
            if (record?.Pending is not { } pending)
            {
                errors.Add(new KoreValidationError(
                    path,
                    null,
                    record is null
                        ? "the journal has no model with this id; nothing to resolve"
                        : "the journal has no step of this model that has not ended; nothing to resolve"));
                continue;
            }

            if (resolution.DockStatusId is { } id)
            {
                foreach (var broken in KoreRequestValidator.ValidateDockStatusId(id))
                {
                    errors.Add(new KoreValidationError(path, broken.AttemptedValue, "the dock status id " + broken.Message));
                }
            }

            events.Add(new JournalEvent.Resolved(resolution.ModelId, pending.Call, resolution.DockStatusId is not null, resolution.DockStatusId));
        }

        return errors.Count > 0 ? throw new KoreValidationException(errors) : events;
    }

    /// <summary>Checks every resolution (<see cref="Check"/>), then records each in the journal.</summary>
    /// <exception cref="KoreValidationException">A resolution names no such model, or its id breaks the rule.</exception>
    /// <exception cref="JournalException">The journal could not be written.</exception>
    public static void RecordAll(IReadOnlyList<Resolution> resolutions, DeploymentJournal journal)
    {
        foreach (var resolved in Check(resolutions, journal.State))
        {
            journal.Record(resolved);
        }
    }
}
