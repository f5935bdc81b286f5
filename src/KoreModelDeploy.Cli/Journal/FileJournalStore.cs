namespace KoreModelDeploy.Cli.Journal;

/// <summary>A journal in a local file, one JSON line per event (<see cref="JournalFile"/>): the default store.</summary>
/// <param name="path">The journal's path.</param>
/// <param name="environment">The environment it belongs to.</param>
/// <param name="host">The host its jobs run on.</param>
/// <param name="time">The clock that stamps each line.</param>
/// <param name="writes">Wraps the stream lines are written through; tests put a failing disk there.</param>
internal sealed class FileJournalStore(string path, string environment, Uri host, TimeProvider time, Func<Stream, Stream>? writes = null) : IJournalStore
{
    /// <inheritdoc/>
    public string Location => path;

    /// <inheritdoc/>
    public JournalContents? Read() => JournalFile.Read(path, environment, host);

    /// <inheritdoc/>
    public IJournalSession Open(bool init, bool rebinding = false) => JournalFile.OpenForApply(path, environment, host, init, time, writes, rebinding);
}
