using System.Globalization;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// Who holds an environment's journal: what a refused or waiting run is told, so that a person can find the run
/// (terraform's refusals named the wrong one). Written by the holder itself, after it has taken the lock.
/// </summary>
/// <param name="User">The operating-system user the holder runs as.</param>
/// <param name="Machine">The machine it runs on.</param>
/// <param name="ProcessId">Its process id on that machine.</param>
/// <param name="RunUrl">The CI run's page, where the run is a GitHub Actions job.</param>
/// <param name="Since">When it took the lock.</param>
/// <param name="Store">The journal it holds, as its location names it.</param>
internal sealed record JournalHolder(string User, string Machine, int ProcessId, string? RunUrl, DateTimeOffset Since, string Store)
{
    /// <summary>This process, as it will be named when it holds <paramref name="store"/>.</summary>
    /// <param name="store">The journal's location.</param>
    /// <param name="variables">Reads the environment (the CI run's variables).</param>
    /// <param name="time">The clock.</param>
    public static JournalHolder Current(string store, Func<string, string?> variables, TimeProvider time) =>
        new(Environment.UserName, Environment.MachineName, Environment.ProcessId, GitHubRunUrl(variables), time.GetUtcNow(), store);

    /// <summary>The GitHub Actions run's page: <c>$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID</c>.</summary>
    public static string? GitHubRunUrl(Func<string, string?> variables) =>
        (variables("GITHUB_SERVER_URL"), variables("GITHUB_REPOSITORY"), variables("GITHUB_RUN_ID")) is ({ Length: > 0 } server, { Length: > 0 } repository, { Length: > 0 } run)
            ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{run}"
            : null;

    /// <summary>
    /// One line: <c>user deploy on ci-7, process 4242, CI run https://…, since 2026-12-07 05:31:02Z, store postgres://…</c>.
    /// The user, machine and run come from another machine's holder row: they are printed as outside text, on one line
    /// and without control characters.
    /// </summary>
    public string Describe() =>
        $"user {Interaction.OutsideText.ForLine(User)} on {Interaction.OutsideText.ForLine(Machine)}, process {ProcessId.ToString(CultureInfo.InvariantCulture)}"
        + (RunUrl is null ? string.Empty : $", CI run {Interaction.OutsideText.ForLine(RunUrl)}")
        + $", since {Since.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, store {Store}";
}
