using System.CommandLine;
using KoreModelDeploy.Cli.Apply;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Options;
using KoreModelDeploy.Cli.Output;
using KoreModelDeploy.Cli.Planning;
using KoreModelDeploy.CommandLine;

namespace KoreModelDeploy.Cli.Commands;

/// <summary>
/// <c>kore-deploy apply -f kore.json --env prod [--parallel N] [--prune] [--retry-failed] [--journal PATH] [--init]
/// [--resolve MODEL=…]</c>: carries the plan out, every step recorded in the environment's journal first.
/// </summary>
internal sealed class ApplyCommand : BaseCommand
{
    private readonly ManifestOptions _manifest = new();
    private readonly ServiceOptions _service = new();
    private readonly WaitOptions _wait = new();

    private readonly Option<int> _parallel = new("--parallel", "-p")
    {
        Description = "How many models are deployed at once (each model's own steps stay in order). From 1 to 64.",
        DefaultValueFactory = _ => 4,
        HelpName = "n",
    };

    private readonly Option<bool> _init = new("--init")
    {
        Description = "Create the journal: the first apply of an environment. Without it apply refuses to run with no journal, since every model would be deployed again.",
    };

    private readonly Option<FileInfo> _plan = new("--plan")
    {
        Description = "Carry out a plan saved by `kore-deploy plan --save-plan`, exactly: its manifest, environment and options are taken from it, and nothing is sent unless planning again gives the same steps (no question is asked: the plan was the approval).",
        HelpName = "plan.json",
    };

    private readonly Option<bool> _yes = new("--yes", "-y")
    {
        Description = "Apply without asking. On a terminal (stdin and stderr, CI unset) apply shows the plan and asks first; elsewhere it never asks.",
    };

    private readonly Option<Resolution[]> _resolve = new("--resolve")
    {
        Description = $"Settle a model in unknown state after checking the platform's console: {Resolution.Syntax}. Repeatable.",
        HelpName = "model=not-started|started:id",
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = Resolution.ParseAll,
    };

    private readonly Option<TimeSpan?> _lockTimeout = CreateLockTimeout();

    public ApplyCommand(CliHost host)
        : base("apply", "Deploy, redeploy, resume and prune an environment's models as the plan says, recording every step in the journal.", host)
    {
        _manifest.AddTo(this);
        Options.Add(_parallel);
        Options.Add(_init);
        Options.Add(_resolve);
        Options.Add(_yes);
        Options.Add(_lockTimeout);
        Options.Add(_plan);

        // With --plan the manifest and environment come from the plan, and what would change the plan may not be given.
        _manifest.File.Required = false;
        _manifest.Environment.Required = false;
        Validators.Add(result =>
        {
            var fromPlan = result.GetResult(_plan) is not null;
            if (fromPlan)
            {
                foreach (var option in new Option[] { _manifest.File, _manifest.Environment, _manifest.Prune, _manifest.RetryFailed, _resolve })
                {
                    if (result.GetResult(option) is { Implicit: false })
                    {
                        result.AddError($"{option.Name} cannot be given with --plan: the saved plan fixes the manifest, the environment and the options, and --resolve would change it.");
                    }
                }
            }
            else
            {
                foreach (var option in new Option[] { _manifest.File, _manifest.Environment })
                {
                    if (result.GetResult(option) is null)
                    {
                        result.AddError($"Option '{option.Name}' is required (or --plan FILE).");
                    }
                }
            }
        });
        _service.AddTo(this);
        _service.Host.Description = "Apply against this host instead of the environment's (the journal must be this host's). KORE_HOST is not read: a runner-wide setting must not send an environment elsewhere.";
        _wait.AddTo(this);
        _wait.Timeout.Description = "How long each model's wait lasts before giving up; its job goes on and the next apply waits on it. "
            + $"Default {DurationText.Format(new DockPollingOptions().Timeout)}.";
        _parallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
            {
                result.AddError("--parallel must be from 1 to 64.");
            }
        });
    }

    /// <inheritdoc/>
    public override CommandHelp Help { get; } = new(
        ["kore-deploy apply -f kore.json --env staging --init"],
        ["KORE_API_KEY: the API key, unless --api-key-file or --api-key-stdin is given (KORE_HOST is not read: the manifest names the host)"],
        [ExitCodes.Success, ExitCodes.Usage, ExitCodes.JobFailed, ExitCodes.InvalidRequest, ExitCodes.Authentication, ExitCodes.ApiError, ExitCodes.WaitTimedOut, ExitCodes.Configuration, ExitCodes.UnknownState, ExitCodes.Cancelled]);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IInteractionService interaction, CommandReport report, CancellationToken cancellationToken)
    {
        var service = _service.Read(parseResult);
        ServiceOptions.Describe(service, report);

        // In CI the key is masked before anything is printed, and loading the manifest may say which host it uses.
        // The key and the manifest are both checked before either is reported, so one run names every problem.
        var problems = new RunProblems();
        var apiKey = await problems.CollectAsync(() => ClientFactory.ReadApiKeyAsync(service, Host, interaction, cancellationToken)).ConfigureAwait(false);
        var saved = parseResult.GetValue(_plan) is { } planFile ? await SavedPlanFile.ReadAsync(planFile.FullName, cancellationToken).ConfigureAwait(false) : null;
        var loaded = await problems.CollectAsync(() => saved is null
            ? _manifest.LoadAsync(parseResult, service.Host, Host, interaction, cancellationToken)
            : ManifestOptions.LoadAsync(saved.Manifest, saved.Environment, parseResult.GetValue(_manifest.Journal) ?? saved.Journal, service.Host, Host, interaction, cancellationToken)).ConfigureAwait(false);
        problems.ThrowIfAny();
        var target = loaded!;
        if (saved is { HostGiven: true } && service.Host is null)
        {
            // A --host given to plan is part of what was approved; without one, the manifest's host must still be the plan's.
            target = target with { Host = HostArgument.Read(saved.Host)!.Require() };
            interaction.DisplayMessage($"the saved plan's host {saved.Host} (given to plan with --host) replaces the host of environment '{target.Environment.Name}'");
        }

        report.File = target.ManifestPath;
        report.Environment = target.Environment.Name;
        report.Journal = target.JournalPath;

        // The host is settled: the manifest's environment, or an explicit --host. KORE_HOST is never consulted here.
        // Every wait takes its polling from the client.
        var client = ClientFactory.Create(target.Host, apiKey!, _wait.Read(parseResult), Host, interaction);

        var lockTimeout = parseResult.GetValue(_lockTimeout);
        var store = target.JournalStore(Host.TimeProvider, Host.GetEnvironmentVariable, lockTimeout is { } timeout ? new LockWait(timeout, interaction.DisplayMessage) : null);
        var init = parseResult.GetValue(_init);
        var resolutions = parseResult.GetValue(_resolve) ?? [];
        var planOptions = saved is null ? _manifest.ReadPlanOptions(parseResult) : new PlanOptions(saved.RetryFailed, saved.Prune);
        byte[]? savedManifest = null;
        if (saved is not null)
        {
            // Checked before the journal is opened, so a stale plan writes nothing (not even --init's header), and
            // checked again under the lock below. A journal is created only for a plan made before there was one.
            savedManifest = await SavedPlanFile.ManifestBytesAsync(target.ManifestPath, cancellationToken).ConfigureAwait(false);
            var contents = store.Read();
            JournalMove.Refuse(contents, target.JournalPath);
            if (saved.WhatMoved(savedManifest, target.Host, contents, Planner.Create(target.Environment, contents?.State, planOptions)) is { } moved)
            {
                throw StalePlan(parseResult, moved);
            }

            init = init && !saved.JournalPosition.Exists;
        }

        Plan? approved = null;
        if (saved is null && AsksFirst(parseResult) && Preview(store, target, init, resolutions, planOptions) is { HasSteps: true } preview)
        {
            // The plan is part of the question, so that -q, which silences messages, never asks about a plan not shown.
            var question = string.Join(System.Environment.NewLine, preview.Models.SelectMany(PlanLines.For))
                + System.Environment.NewLine + "Apply this plan? Only 'yes' goes ahead (--yes skips this question):";
            var answer = await interaction.AskAsync(question, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(answer?.Trim(), "yes", StringComparison.Ordinal))
            {
                report.Reason = "apply cancelled; nothing changed";
                return ExitCodes.Cancelled;
            }

            approved = preview;
        }

        using var journal = DeploymentJournal.Open(store, init);
        if (journal.Created)
        {
            interaction.DisplayMessage($"created journal {journal.Location} for environment '{target.Environment.Name}' ({HostSetting.Display(target.Host)})"
                + (target.Journal is JournalLocation.File ? "; keep it between runs" : string.Empty));
        }

        if (journal.TornTail is { } torn)
        {
            interaction.DisplayWarning(torn);
        }

        // The resolutions are recorded only once the plan they lead to is known to be the one approved.
        var resolved = Resolution.Check(resolutions, journal.State);
        var plan = Planner.Create(target.Environment, JournalState.From(journal.Contents.Events.Concat(resolved)), planOptions);
        if (saved is not null && saved.WhatMoved(savedManifest!, target.Host, journal.Created ? null : journal.Contents, plan) is { } movedMeanwhile)
        {
            throw StalePlan(parseResult, movedMeanwhile);
        }

        if (approved is not null && !approved.Matches(plan))
        {
            throw new JournalException($"Journal {journal.Location} changed while the plan waited for an answer (another apply ran); nothing was sent. Run apply again to see the plan as it is now.");
        }

        foreach (var resolution in resolved)
        {
            journal.Record(resolution);
        }

        if (approved is null)
        {
            foreach (var line in plan.Models.SelectMany(PlanLines.For))
            {
                interaction.DisplayMessage(line);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var journalArguments = $"-f {ShellQuote.Word(target.ManifestPath)} --env {ShellQuote.Word(target.Environment.Name)}"
            + (target.Journal is JournalLocation.File file && file.Path == JournalPaths.Default(target.ManifestPath, target.Environment.Name)
                ? string.Empty
                : $" --journal {ShellQuote.Word(target.JournalPath)}")
            + (HostSetting.Display(target.Host) == HostSetting.Display(target.Environment.Host) ? string.Empty : $" --host {ShellQuote.Word(HostSetting.Display(target.Host))}");
        var engine = new ApplyEngine(client, journal, new ApplyOptions(parseResult.GetValue(_parallel), Host.Interrupts, journalArguments));
        var result = await interaction.TrackModelsAsync(
            plan.Models.Select(m => m.ModelId).ToList(),
            observer => engine.RunAsync(plan, observer, cancellationToken)).ConfigureAwait(false);

        report.Models = result.Models.Select(m => new ModelReport
        {
            ModelId = m.ModelId,
            Action = PlanLines.ActionName(m.Action),
            Outcome = m.OutcomeName,
            DockStatusId = m.DockStatusId,
            Status = m.Status,
            Message = m.Message,
        }).ToList();
        report.TextResult = string.Join(
            System.Environment.NewLine,
            result.Models.Select(m => string.Join('\t', m.ModelId, m.OutcomeName, m.DockStatusId ?? "-", m.Status ?? "-")));

        foreach (var model in result.Models.Where(m => !m.EndedWell && !m.WasStopped))
        {
            interaction.DisplayModelError("apply", model.ModelId, $"{model.OutcomeName}: {model.Message ?? model.Status}");
        }

        report.Reason = Summarize(result, journal.Lost.IsCancellationRequested ? journal.Location : null);
        return result.ExitCode;
    }

    private static Option<TimeSpan?> CreateLockTimeout()
    {
        var option = DurationOption.Create("--lock-timeout", string.Empty, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        option.Description = "When another apply holds the journal, wait this long for it (a line every 30 s naming it) instead of exiting 7 at once; "
            + "from 1s to 24h, for example 10m. Default: no wait.";
        return option;
    }

    /// <summary>
    /// Whether a person is there to approve the plan: stdin and stderr are terminals, no CI system is named, and
    /// <c>--yes</c> was not given. Pipelines never wait for an answer.
    /// </summary>
    private bool AsksFirst(ParseResult parseResult) =>
        !parseResult.GetValue(_yes) && Host.InIsTerminal && Host.ErrorIsTerminal && !ColourRule.IsCi(Host.GetEnvironmentVariable);

    private CliConfigurationException StalePlan(ParseResult parseResult, string moved) => new(
        $"the saved plan {parseResult.GetValue(_plan)!.FullName} is stale: {moved}; nothing was sent. Make the plan again (kore-deploy plan … --save-plan FILE) and have it approved.");

    /// <summary>
    /// The plan apply would carry out, read without the journal's lock and with nothing written: what a person
    /// approves. <see langword="null"/> when there is no journal and no <c>--init</c> (opening it then says why).
    /// </summary>
    private static Plan? Preview(IJournalStore store, ManifestTarget target, bool init, IReadOnlyList<Resolution> resolutions, PlanOptions options)
    {
        JournalContents? contents;
        try
        {
            contents = store.Read();
        }
        catch (JournalException) when (init)
        {
            // A journal cut off while being created, which --init completes: planned as none. Damage of any other
            // kind is refused when the journal is opened, before anything is written.
            contents = null;
        }

        if (contents is null && !init)
        {
            return null;
        }

        // Refused before the question, not only once the journal is opened: no plan is shown that apply will not carry out.
        JournalMove.Refuse(contents, target.JournalPath);

        var events = contents?.Events ?? [];
        var state = JournalState.From(events.Concat(Resolution.Check(resolutions, JournalState.From(events))));
        return Planner.Create(target.Environment, state, options);
    }

    /// <summary>The run's one-line reason; <paramref name="lostJournal"/> names the journal whose lock was lost during it.</summary>
    private static string? Summarize(ApplyReport result, string? lostJournal)
    {
        if (result.ExitCode == ExitCodes.Success)
        {
            return null;
        }

        if (result.ExitCode == ExitCodes.Cancelled)
        {
            return "stopped; jobs already started go on, and the journal has their ids: run apply again to wait on them";
        }

        var counts = result.Models
            .Where(m => !m.EndedWell)
            .GroupBy(m => m.OutcomeName)
            .Select(g => $"{g.Count()} {g.Key}");
        var summary = $"not every model ended SUCCESS or unchanged: {string.Join(", ", counts)}";
        return lostJournal is null
            ? summary
            : $"the lock on journal {lostJournal} was lost, so this apply stopped and never reconnected; {summary}. "
                + "Run apply again: it takes the lock once the store has let go of this run's, and waits on the jobs the journal recorded";
    }
}
