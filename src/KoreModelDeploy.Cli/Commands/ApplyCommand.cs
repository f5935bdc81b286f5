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

    private readonly Option<string[]> _resolve = new("--resolve")
    {
        Description = $"Settle a model in unknown state after checking the platform's console: {Resolution.Syntax}. Repeatable.",
        HelpName = "model=not-started|started:id",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ApplyCommand(CliHost host)
        : base("apply", "Deploy, redeploy, resume and prune an environment's models as the plan says, recording every step in the journal.", host)
    {
        _manifest.AddTo(this);
        Options.Add(_parallel);
        Options.Add(_init);
        Options.Add(_resolve);
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
        _resolve.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!Resolution.TryParse(text, out _, out var error))
                {
                    result.AddError(error!);
                }
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
        _service.Describe(parseResult, report);

        // In CI the key is masked before anything is printed, and loading the manifest may say which host it uses.
        // The key and the manifest are both checked before either is reported, so one run names every problem.
        var problems = new RunProblems();
        var apiKey = await problems.CollectAsync(() => ClientFactory.ReadApiKeyAsync(service, Host, interaction, cancellationToken)).ConfigureAwait(false);
        var loaded = await problems.CollectAsync(() => _manifest.LoadAsync(parseResult, service.Host, Host, interaction, cancellationToken)).ConfigureAwait(false);
        problems.ThrowIfAny();
        var target = loaded!;
        report.File = target.ManifestPath;
        report.Environment = target.Environment.Name;
        report.Journal = target.JournalPath;

        // The host is settled: the manifest's environment, or an explicit --host. KORE_HOST is never consulted here.
        var polling = _wait.Read(parseResult);
        var client = ClientFactory.Create(service with { Host = target.Host.ToString() }, apiKey!, polling, Host, interaction);

        using var journal = DeploymentJournal.Open(target.JournalStore(Host.TimeProvider), parseResult.GetValue(_init));
        if (journal.Created)
        {
            interaction.DisplayMessage($"created journal {journal.Location} for environment '{target.Environment.Name}' ({HostSetting.Display(target.Host)}); keep it between runs");
        }

        if (journal.TornTail is { } torn)
        {
            interaction.DisplayWarning(torn);
        }

        // Each value was checked when the command line was parsed.
        var resolutions = new List<Resolution>();
        foreach (var text in parseResult.GetValue(_resolve) ?? [])
        {
            if (Resolution.TryParse(text, out var resolution, out _))
            {
                resolutions.Add(resolution!);
            }
        }

        Resolution.RecordAll(resolutions, journal);

        var plan = Planner.Create(target.Environment, journal.State, _manifest.ReadPlanOptions(parseResult));
        foreach (var model in plan.Models)
        {
            interaction.DisplayMessage($"{PlanCommand.ActionName(model.Action),-9} {model.ModelId}: {model.Detail}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var journalArguments = $"-f {ShellQuote.Word(target.ManifestPath)} --env {ShellQuote.Word(target.Environment.Name)}"
            + (parseResult.GetValue(_manifest.Journal) is null ? string.Empty : $" --journal {ShellQuote.Word(target.JournalPath)}");
        var engine = new ApplyEngine(client, journal, new ApplyOptions(parseResult.GetValue(_parallel), polling, Host.Interrupts, journalArguments));
        var result = await interaction.TrackModelsAsync(
            plan.Models.Select(m => m.ModelId).ToList(),
            observer => engine.RunAsync(plan, observer, cancellationToken)).ConfigureAwait(false);

        report.Models = result.Models.Select(m => new ModelReport
        {
            ModelId = m.ModelId,
            Action = PlanCommand.ActionName(m.Action),
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

        report.Reason = Summarize(result);
        return result.ExitCode;
    }

    private static string? Summarize(ApplyReport result)
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
        return $"not every model ended SUCCESS or unchanged: {string.Join(", ", counts)}";
    }
}
