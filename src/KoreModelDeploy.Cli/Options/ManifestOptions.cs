using System.CommandLine;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Hosting;
using KoreModelDeploy.Cli.Interaction;
using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Manifests;
using KoreModelDeploy.Cli.Planning;

namespace KoreModelDeploy.Cli.Options;

/// <summary>
/// What <c>plan</c> and <c>apply</c> share: the manifest, the environment, the journal, and the choices that change the
/// plan (<c>--prune</c>, <c>--retry-failed</c>), so a plan shows exactly what the same apply would do.
/// </summary>
internal sealed class ManifestOptions
{
    public Option<FileInfo> File { get; } = new("--file", "-f")
    {
        Description = "The manifest: defaults, environments and models (JSON; comments and trailing commas allowed).",
        Required = true,
        HelpName = "kore.json",
    };

    public Option<string> Environment { get; } = new("--env", "-e")
    {
        Description = "The manifest's environment to plan or apply; its host is used unless --host is given (KORE_HOST is not).",
        Required = true,
        HelpName = "name",
    };

    public Option<string> Journal { get; } = new("--journal")
    {
        Description = "The environment's journal, the record of every job this tool started there: a file path, or postgres://USER@HOST:PORT/DATABASE "
            + "(the password from PGPASSWORD or PGPASSFILE, or a whole connection string in KORE_JOURNAL_CONNECTION). "
            + "Default: the environment's \"journal\" in the manifest, else <manifest>.<env>.journal.jsonl beside the manifest.",
        HelpName = "location",
    };

    public Option<bool> Prune { get; } = new("--prune")
    {
        Description = "Undeploy the models the journal holds as deployed and the manifest no longer names.",
    };

    public Option<bool> RetryFailed { get; } = new("--retry-failed")
    {
        Description = "Deploy again the models whose last job ended FAILED.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="planChoices">Whether <c>--prune</c> and <c>--retry-failed</c> belong to it (plan, apply; not the journal commands).</param>
    public void AddTo(Command command, bool planChoices = true)
    {
        command.Options.Add(File);
        command.Options.Add(Environment);
        command.Options.Add(Journal);
        if (planChoices)
        {
            command.Options.Add(Prune);
            command.Options.Add(RetryFailed);
        }
    }

    public PlanOptions ReadPlanOptions(ParseResult parseResult) => new(parseResult.GetValue(RetryFailed), parseResult.GetValue(Prune));

    /// <summary>
    /// Reads the manifest, merges and checks every model for the environment, and settles the host: an explicit
    /// <c>--host</c>, else the manifest's. <c>KORE_HOST</c>, often set for a whole runner, must not send an environment elsewhere.
    /// </summary>
    /// <exception cref="CliConfigurationException">The manifest cannot be read, or the host is not a URL.</exception>
    /// <exception cref="ManifestException">The manifest breaks a rule.</exception>
    public Task<ManifestTarget> LoadAsync(ParseResult parseResult, HostArgument? explicitHost, CliHost host, IInteractionService interaction, CancellationToken cancellationToken) =>
        LoadAsync(parseResult.GetRequiredValue(File).FullName, parseResult.GetRequiredValue(Environment), parseResult.GetValue(Journal), explicitHost, host, interaction, cancellationToken);

    /// <summary>As <see cref="LoadAsync(ParseResult, HostArgument?, CliHost, IInteractionService, CancellationToken)"/>, for a manifest, environment and journal a saved plan names.</summary>
    public static async Task<ManifestTarget> LoadAsync(string manifestPath, string environmentName, string? journalLocation, HostArgument? explicitHost, CliHost host, IInteractionService interaction, CancellationToken cancellationToken)
    {
        var file = new FileInfo(manifestPath);
        var manifest = await ManifestReader.ReadFileAsync(file.FullName, cancellationToken).ConfigureAwait(false);

        var environment = ManifestResolver.Resolve(manifest, environmentName);
        Uri target = environment.Host;
        if (explicitHost is not null)
        {
            target = explicitHost.Require();
            interaction.DisplayMessage($"--host {HostSetting.Display(target)} replaces the host of environment '{environmentName}', {HostSetting.Display(environment.Host)}");
        }
        else if (host.GetEnvironmentVariable(ServiceOptions.HostVariable) is { } variable)
        {
            var parsed = HostSetting.TryParse(variable, out var other);
            if (!parsed || !string.Equals(HostSetting.Display(other!), HostSetting.Display(environment.Host), StringComparison.OrdinalIgnoreCase))
            {
                interaction.DisplayMessage($"{ServiceOptions.HostVariable} ({(parsed ? HostDisplay.Of(other) : "not a URL")}) is ignored: environment '{environmentName}' names its host, {HostSetting.Display(environment.Host)}; only --host overrides it");
            }
        }

        // --journal wins over the manifest's; a relative path is the command line's from the working directory, the manifest's from the manifest.
        var journal = journalLocation is { Length: > 0 } given
            ? JournalLocation.Parse(given, System.Environment.CurrentDirectory, host.GetEnvironmentVariable)
            : environment.Journal is { } configured
                ? JournalLocation.Parse(configured, Path.GetDirectoryName(file.FullName) ?? ".", host.GetEnvironmentVariable)
                : new JournalLocation.File(JournalPaths.Default(file.FullName, environmentName));
        return new ManifestTarget(file.FullName, environment, target, journal);
    }
}
