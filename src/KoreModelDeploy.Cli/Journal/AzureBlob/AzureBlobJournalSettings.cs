using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>How the Azure Blob store holds its lease and splits its journal; tests shorten both.</summary>
internal sealed record AzureBlobJournalSettings
{
    /// <summary>The variable tests set to shorten the lease (15 to 60 seconds); anything else is ignored.</summary>
    public const string LeaseSecondsVariable = "KORE_TEST_AZBLOB_LEASE_SECONDS";

    /// <summary>The most appends Azure takes on one append blob.</summary>
    public const int AzureBlockLimit = 50_000;

    /// <summary>How long a lease lasts unless renewed: Azure's longest finite lease, never an infinite one.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many appends a segment takes before the next one is started (Azure refuses the 50,001st).</summary>
    public int SegmentBlockLimit { get; init; } = AzureBlockLimit;

    /// <summary>How often a run waiting with <c>--lock-timeout</c> tries the lease again.</summary>
    public TimeSpan RetryEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Added to the client's pipeline, for tests that lose an answer the service did act on.</summary>
    public HttpPipelinePolicy? Policy { get; init; }

    /// <summary>How often the lease is renewed: a third of its duration, so two renewals can fail before it lapses.</summary>
    public TimeSpan RenewEvery => LeaseDuration / 3;

    /// <summary>The longest a renewal may take: one that has not succeeded by then counts as failed, while half the lease is left.</summary>
    public TimeSpan RenewalLimit => LeaseDuration / 2;

    /// <summary>The defaults, with the lease shortened where <see cref="LeaseSecondsVariable"/> asks for 15 to 60 seconds.</summary>
    public static AzureBlobJournalSettings From(Func<string, string?> variables) =>
        int.TryParse(variables(LeaseSecondsVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 15 and <= 60
            ? new AzureBlobJournalSettings { LeaseDuration = TimeSpan.FromSeconds(seconds) }
            : new AzureBlobJournalSettings();

    /// <summary>
    /// The client's options: each call is bounded well inside a lease (the SDK's default waits 100 s for an answer),
    /// and retried a few times by the SDK itself; the append-position condition makes those retries safe.
    /// </summary>
    public BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        if (Policy is not null)
        {
            options.AddPolicy(Policy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }
}
