using KoreModelDeploy.Tests.Reliability.Support;
using KoreModelDeploy.Tests.TestSupport;
using Xunit.Abstractions;

namespace KoreModelDeploy.Tests.Reliability.FaultMatrix;

/// <summary>
/// Every call against every fault, on the first request only and on every request: each ends as the documented rules
/// say, with the documented number of requests, never an untyped exception, never a duplicated POST, never the key.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private const string DocumentPath = "docs/reliability.md";

    [Fact]
    public async Task Every_cell_ends_as_documented_and_the_document_shows_the_same_table()
    {
        var cells = (
            from operation in MatrixRules.Operations
            from fault in MatrixRules.Faults
            from mode in MatrixRules.Modes
            select (operation, fault, mode)).ToList();

        // Cells are independent (own server, client and clock); a few at a time keeps the run short on two cores.
        var results = new List<CellResult>();
        foreach (var batch in cells.Chunk(4))
        {
            results.AddRange(await Task.WhenAll(batch.Select(c => MatrixRunner.RunAsync(c.operation, c.fault, c.mode))));
        }

        var counts = MatrixCounts.From(results);
        var table = MatrixTable.Render(ReliabilitySetup.Options(), counts);
        output.WriteLine(table);
        foreach (var failed in results.Where(r => !r.Passed))
        {
            output.WriteLine("FAILED " + failed);
        }

        results.Where(r => !r.Passed).Select(r => r.ToString()).Should().BeEmpty();
        counts.Should().Be(new MatrixCounts(MatrixRules.Operations.Count * MatrixRules.Faults.Count * MatrixRules.Modes.Count, 0, 0, 0, 0));

        var path = RepositoryFiles.PathOf(DocumentPath);
        var document = await File.ReadAllTextAsync(path);
        if (Environment.GetEnvironmentVariable("KORE_UPDATE_DOCS") == "1")
        {
            document = RepositoryFiles.ReplaceSection(document, MatrixTable.StartMarker, MatrixTable.EndMarker, table);
            await File.WriteAllTextAsync(path, document);
        }

        RepositoryFiles.ReadSection(document, MatrixTable.StartMarker, MatrixTable.EndMarker)
            .Should().Be(table, "{0} must show the table the rules define; rerun with KORE_UPDATE_DOCS=1 to refresh it", DocumentPath);
    }

    [Fact]
    public void Duplicate_post_detector_flags_a_post_resent_after_a_server_error()
    {
        // Guards the guard: a detector that never fires would make the matrix's zero meaningless.
        var uri = new Uri($"{ReliabilitySetup.Host}api/public/models/{TestIds.ModelId}/deploy");
        SentRequest[] resentAfter500 = [new(HttpMethod.Post, "deploy", uri, Fault.ServerError500), new(HttpMethod.Post, "deploy", uri, null)];
        SentRequest[] resentAfter429 = [new(HttpMethod.Post, "deploy", uri, Fault.RateLimited), new(HttpMethod.Post, "deploy", uri, null)];
        SentRequest[] sentTwiceAfterSuccess = [new(HttpMethod.Post, "deploy", uri, null), new(HttpMethod.Post, "deploy", uri, null)];

        MatrixRunner.CountDuplicatePosts(resentAfter500).Should().Be(1);
        MatrixRunner.CountDuplicatePosts(resentAfter429).Should().Be(0);
        MatrixRunner.CountDuplicatePosts(sentTwiceAfterSuccess).Should().Be(1);
    }
}
