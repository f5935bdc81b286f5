namespace KoreModelDeploy.Cli.Interaction;

/// <summary>
/// Plain lines for people on stderr, as the plain progress and the SDK's log write them: no colour, shown whatever
/// <c>-q</c> says (the writer decides whether to write at all). Each line still passes <see cref="OutsideText"/>.
/// </summary>
internal interface IStderrLines
{
    /// <summary>Writes one line.</summary>
    void WriteLine(string line);

    /// <summary>
    /// Writes lines that belong together as one GitHub Actions group titled <paramref name="title"/>, with no other line
    /// in between; outside GitHub Actions, as plain lines.
    /// </summary>
    void WriteGroup(string title, IReadOnlyList<string> lines);
}
