using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KoreModelDeploy.Models;
using KoreModelDeploy.Polling;
using KoreModelDeploy.Validation;

namespace KoreModelDeploy;

/// <summary>
/// A dock job (a deployment or undeployment) that runs on the service: poll it once, wait for it to end, or watch
/// its status change. Created by <see cref="IModelDeploymentClient.StartDeployAsync"/>, or from a bare id, in this
/// process or another, with <see cref="IModelDeploymentClient.GetDockOperation(string)"/>.
/// </summary>
/// <remarks>
/// Waiting never mistakes failure for success: a job that ends <see cref="DockJobStatus.Failed"/> makes
/// <see cref="WaitForCompletionAsync(CancellationToken)"/> throw <see cref="KoreJobFailedException"/>.
/// Cancelling a wait stops the polling, not the job.
/// </remarks>
public class DockOperation
{
    private readonly ModelDeploymentClient? _client;
    private DockStatus? _lastStatus;

    /// <summary>Creates an operation for mocking. Members of an operation created this way throw unless overridden.</summary>
    protected DockOperation()
    {
        Id = string.Empty;
    }

    /// <summary>Creates an operation for a job started earlier, possibly by another process.</summary>
    /// <param name="client">The client to poll with.</param>
    /// <param name="dockStatusId">The job's id, as a deploy or undeploy call returned it.</param>
    /// <exception cref="KoreValidationException">The id is empty or unsafe in a URL.</exception>
    public DockOperation(ModelDeploymentClient client, string dockStatusId)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ResourceIdValidator.ThrowIfInvalid("dockStatusId", dockStatusId);
        Id = dockStatusId;
    }

    internal DockOperation(ModelDeploymentClient client, DeployModelResponse response)
        : this(client, response.DockStatusId)
    {
        _lastStatus = new DockStatus
        {
            Id = response.DockStatusId,
            ModelId = response.ModelId,
            JobType = response.JobType,
            Action = response.Action,
            Status = response.Status.IsDefault ? DockJobStatus.InProgress : response.Status,

            // A job refused at once (FAILED in the deploy answer) explains why in these.
            ExtensionData = response.ExtensionData,
        };
    }

    /// <summary>The dock status id: all that is needed to resume following the job elsewhere.</summary>
    public virtual string Id { get; }

    /// <summary>The last status seen, from the starting call or a poll; <see langword="null"/> before the first poll of a resumed operation.</summary>
    public virtual DockStatus? LastStatus => Volatile.Read(ref _lastStatus);

    /// <summary>Whether the job has ended, successfully or not, as of <see cref="LastStatus"/>.</summary>
    public virtual bool HasCompleted => LastStatus is { Status.IsTerminal: true };

    private ModelDeploymentClient Client => _client ?? throw new InvalidOperationException("This operation was created for mocking and has no client.");

    /// <summary>Polls the job's status once (one Get Dock Status call, retried on transient failures) and updates <see cref="LastStatus"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's status. A <see cref="DockJobStatus.Failed"/> status is returned, not thrown.</returns>
    /// <exception cref="KoreApiException">The call failed.</exception>
    public virtual async Task<DockStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await Client.GetDockStatusCoreAsync(Id, retry: true, cancellationToken).ConfigureAwait(false);
        Observe(status);
        return status;
    }

    /// <summary>Polls until the job ends, with the client's polling options.</summary>
    /// <param name="cancellationToken">Cancels the wait promptly, delays included; the job goes on.</param>
    /// <returns>The final status, <see cref="DockJobStatus.Success"/>.</returns>
    /// <exception cref="KoreJobFailedException">The job ended <see cref="DockJobStatus.Failed"/>.</exception>
    /// <exception cref="KoreJobTimeoutException">The job did not end within <see cref="DockPollingOptions.Timeout"/>, or the service asked for a pause longer than the wait had left.</exception>
    /// <exception cref="KoreApiException">A poll failed in a way the wait does not absorb (401, 403, 404, …), or too many polls in a row failed transiently.</exception>
    public virtual Task<DockStatus> WaitForCompletionAsync(CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(null, null, cancellationToken);

    /// <summary>Polls until the job ends.</summary>
    /// <param name="polling">How to poll; the client's <see cref="KoreModelDeployOptions.Polling"/> when <see langword="null"/>.</param>
    /// <param name="progress">Told of every status change, the first included.</param>
    /// <param name="cancellationToken">Cancels the wait promptly, delays included; the job goes on.</param>
    /// <returns>The final status, <see cref="DockJobStatus.Success"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="polling"/> is invalid.</exception>
    /// <exception cref="KoreJobFailedException">The job ended <see cref="DockJobStatus.Failed"/>.</exception>
    /// <exception cref="KoreJobTimeoutException">The job did not end within <see cref="DockPollingOptions.Timeout"/>, or the service asked for a pause longer than the wait had left.</exception>
    /// <exception cref="KoreApiException">A poll failed in a way the wait does not absorb (401, 403, 404, …), or too many polls in a row failed transiently.</exception>
    public virtual Task<DockStatus> WaitForCompletionAsync(DockPollingOptions? polling, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        var client = Client;

        // Copied before it is checked, so a caller changing the instance during the wait reaches neither the check
        // nor the schedule. The client's own options were copied when it was built.
        var settings = polling?.Snapshot();
        if (settings is not null)
        {
            KoreModelDeployOptionsValidator.ThrowIfInvalid(settings, nameof(polling));
        }

        return DockWait.RunAsync(this, client, settings ?? client.Transport.Polling, progress, cancellationToken);
    }

    /// <summary>
    /// Polls until the job ends and yields each status change (not each poll), the first included, for live progress.
    /// Ends after yielding the final status; throws <see cref="KoreJobFailedException"/> after yielding a
    /// <see cref="DockJobStatus.Failed"/> one. Stopping the enumeration stops the polling.
    /// </summary>
    /// <param name="polling">How to poll; the client's <see cref="KoreModelDeployOptions.Polling"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the watch.</param>
    /// <returns>The distinct statuses, in order.</returns>
    public virtual async IAsyncEnumerable<DockStatus> WatchAsync(DockPollingOptions? polling = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var changes = Channel.CreateUnbounded<DockStatus>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wait = WaitForCompletionAsync(polling, new ChannelProgress(changes.Writer), stop.Token);
        _ = wait.ContinueWith(
            static (task, writer) => ((ChannelWriter<DockStatus>)writer!).TryComplete(),
            changes.Writer,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var drained = false;
        try
        {
            while (await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (changes.Reader.TryRead(out var status))
                {
                    yield return status;
                }
            }

            drained = true;
        }
        finally
        {
            // Stopping the enumeration early, or cancelling it, must not leave a wait polling in the background.
            stop.Cancel();
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (Exception) when (!drained)
            {
                // The consumer stopped early (break, its own exception, cancellation): the wait's outcome is observed
                // here but not thrown, so it cannot replace the consumer's exception or fail a plain break.
            }
        }
    }

    /// <summary>Records the latest status seen by any caller; a finished job stays finished.</summary>
    /// <remarks>Overlapping polls (a wait and <see cref="UpdateStatusAsync"/>, say) can answer out of order, so an
    /// earlier running status must not replace a terminal one that arrived first.</remarks>
    internal void Observe(DockStatus status)
    {
        var current = Volatile.Read(ref _lastStatus);
        while (!(current is { Status.IsTerminal: true } && !status.Status.IsTerminal))
        {
            var seen = Interlocked.CompareExchange(ref _lastStatus, status, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class ChannelProgress(ChannelWriter<DockStatus> writer) : IProgress<DockStatus>
    {
        public void Report(DockStatus value) => writer.TryWrite(value);
    }
}
