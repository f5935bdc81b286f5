using KoreModelDeploy.Cli.Configuration;

namespace KoreModelDeploy.Cli.Journal;

/// <summary>
/// The environment and host a journal belongs to: its header's, or the last <see cref="JournalEvent.Rebound"/>'s.
/// Every store checks a journal against it here, and nowhere else, before a plan reads it or an apply writes it.
/// </summary>
/// <param name="Environment">The environment's name.</param>
/// <param name="Host">The host, as <see cref="HostSetting.Display"/> writes it.</param>
internal sealed record JournalBinding(string Environment, string Host)
{
    /// <summary>Whether the journal belongs to <paramref name="environment"/> on <paramref name="host"/>.</summary>
    public bool Matches(string environment, Uri host) =>
        string.Equals(Host, HostSetting.Display(host), StringComparison.OrdinalIgnoreCase)
        && string.Equals(Environment, environment, StringComparison.Ordinal);

    /// <summary>Refuses a journal bound elsewhere, saying which journal to use instead and how to re-bind one bound by mistake.</summary>
    /// <param name="location">The journal's location, for the message.</param>
    /// <param name="environment">The environment the command runs for.</param>
    /// <param name="host">The host it runs against.</param>
    /// <exception cref="JournalException">The journal belongs to another host or environment.</exception>
    public void Check(string location, string environment, Uri host)
    {
        if (!string.Equals(Host, HostSetting.Display(host), StringComparison.OrdinalIgnoreCase))
        {
            throw new JournalException(
                $"Journal {location} was written for host {Host}, not {HostSetting.Display(host)}. Its records say nothing about that host's models; "
                + $"use that host's journal (--journal PATH), or check --host and the manifest's environment. {RebindHint("host", location, environment, host)}");
        }

        if (!string.Equals(Environment, environment, StringComparison.Ordinal))
        {
            throw new JournalException(
                $"Journal {location} belongs to environment '{Environment}', not '{environment}'; pass that environment's journal with --journal PATH. {RebindHint("environment", location, environment, host)}");
        }
    }

    /// <summary>The way out of a journal bound by mistake, as a command to run.</summary>
    private static string RebindHint(string what, string location, string environment, Uri host) =>
        $"If it was created for the wrong {what} by mistake (a mistyped --host or --env at --init) and no job ran there, re-bind it: "
        + $"kore-deploy journal rebind -f <manifest> --env {Output.ShellQuote.Word(environment)} --host {HostSetting.Display(host)} --journal {Output.ShellQuote.Word(location)}.";
}
