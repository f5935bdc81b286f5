using KoreModelDeploy.Cli.Journal;
using KoreModelDeploy.Cli.Tests.TestSupport;

namespace KoreModelDeploy.Cli.Tests.Journal;

/// <summary>The file store passes the journal store contract.</summary>
public sealed class FileJournalStoreTests : JournalStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private protected override IJournalStore Store(string environment = Environment, Uri? host = null) =>
        new FileJournalStore(_dir.File("kore.prod.journal.jsonl"), environment, host ?? Host, TimeProvider.System);
}
