using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KoreModelDeploy.Models;
using KoreModelDeploy.Polling;
using KoreModelDeploy.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
    private readonly DockPollingOptions? _polling;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DockStatus? _lastStatus;
    private SharedPoll? _inFlight;

    /// <summary>Creates an operation for mocking. Members of an operation created this way throw unless overridden.</summary>
    protected DockOperation()
    {
        Id = string.Empty;
        _time = TimeProvider.System;
        _logger = NullLogger.Instance;
    }

    /// <summary>
    /// Creates an operation that polls through <see cref="FetchStatusAsync"/>, for an <see cref="IModelDeploymentClient"/>
    /// of your own or a test double: override <see cref="FetchStatusAsync"/>, and waits, watches and progress work as they
    /// do for the client's operations, with the same log events.
    /// </summary>
    /// <param name="dockStatusId">The job's id.</param>
    /// <param name="firstStatus">The status already known (from the call that started the job), or <see langword="null"/> when the job is resumed from its id.</param>
    /// <param name="polling">How waits poll when they are given no polling options, copied here; the defaults of a new <see cref="DockPollingOptions"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for delays and timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where waits log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="KoreValidationException">The id is empty or unsafe in a URL.</exception>
    /// <exception cref="ArgumentException"><paramref name="polling"/> is invalid.</exception>
    protected DockOperation(string dockStatusId, DockStatus? firstStatus, DockPollingOptions? polling = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ResourceIdValidator.ThrowIfInvalid("dockStatusId", dockStatusId);

        // Copied before it is checked, so a caller changing the instance later changes nothing here.
        var settings = polling?.Snapshot();
        if (settings is not null)
        {
            KoreModelDeployOptionsValidator.ThrowIfInvalid(settings, nameof(polling));
        }

        Id = dockStatusId;
        _lastStatus = firstStatus;
        _polling = settings ?? new DockPollingOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates an operation for a job started earlier, possibly by another process.</summary>
    /// <param name="client">The client to poll with.</param>
    /// <param name="dockStatusId">The job's id, as a deploy or undeploy call returned it.</param>
    /// <exception cref="KoreValidationException">The id is empty or unsafe in a URL.</exception>
    public DockOperation(ModelDeploymentClient client, string dockStatusId)
        : this(client, dockStatusId, firstStatus: null)
    {
    }

    internal DockOperation(ModelDeploymentClient client, DeployModelResponse response)
        : this(client, response.DockStatusId, FirstStatus(response))
    {
    }

    private DockOperation(ModelDeploymentClient client, string dockStatusId, DockStatus? firstStatus)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ResourceIdValidator.ThrowIfInvalid("dockStatusId", dockStatusId);
        Id = dockStatusId;
        _lastStatus = firstStatus;

        // A client created for mocking has no transport: its operations keep the mocking behaviour (members throw) until polled.
        _time = client.TransportOrNull?.Time ?? TimeProvider.System;
        _logger = client.TransportOrNull?.Logger ?? NullLogger.Instance;
    }

    /// <summary>The dock status id: all that is needed to resume following the job elsewhere.</summary>
    public virtual string Id { get; }

    /// <summary>The last status seen, from the starting call or a poll; <see langword="null"/> before the first poll of a resumed operation.</summary>
    public virtual DockStatus? LastStatus => Volatile.Read(ref _lastStatus);

    /// <summary>Whether the job has ended, successfully or not, as of <see cref="LastStatus"/>.</summary>
    public virtual bool HasCompleted => LastStatus is { Status.IsTerminal: true };

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    private DockPollingOptions DefaultPolling =>
        _client?.Transport.Polling ?? _polling ?? throw new InvalidOperationException("This operation was created for mocking and cannot poll: override its members, or create it with the constructor that takes the polling settings and override FetchStatusAsync.");

    /// <summary>
    /// Polls the job's status once and updates <see cref="LastStatus"/>: for the client's operations, one Get Dock Status
    /// call retried on transient failures like <see cref="IModelDeploymentClient.GetDockStatusAsync"/>; for an operation
    /// built on <see cref="FetchStatusAsync"/> alone, one <see cref="FetchStatusAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's status. A <see cref="DockJobStatus.Failed"/> status is returned, not thrown.</returns>
    /// <exception cref="KoreApiException">The call failed.</exception>
    public virtual async Task<DockStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = _client is { } client
            ? await client.GetDockStatusCoreAsync(Id, retry: true, cancellationToken).ConfigureAwait(false)
            : await FetchStatusAsync(cancellationToken).ConfigureAwait(false);
        Observe(status);
        return status;
    }

    /// <summary>
    /// Reads the job's status with a single attempt and no retries: the one poll that
    /// <see cref="WaitForCompletionAsync(DockPollingOptions?, IProgress{DockStatus}?, CancellationToken)"/>,
    /// <see cref="WatchAsync"/> and progress are built on. Those retry it on their own schedule, absorb transient
    /// failures, and share one call in flight among the waits and watches of this operation; the public
    /// <see cref="UpdateStatusAsync"/> is the retried read for callers. Override it to make any operation waitable: a
    /// job of your own <see cref="IModelDeploymentClient"/>, or a scripted double in tests.
    /// </summary>
    /// <remarks>
    /// The client's operations read Get Dock Status here, within this process's poll budget for the id (at least
    /// 1 second apart and at most 1,800 an hour, whoever polls). An override is not throttled by the package, and need not
    /// update <see cref="LastStatus"/>: what it returns is recorded for it.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's status. A <see cref="DockJobStatus.Failed"/> status is returned, not thrown.</returns>
    /// <exception cref="KoreApiException">The call failed; a wait polls again when <see cref="KoreApiException.IsTransient"/>, after <see cref="KoreApiException.RetryAfter"/> when set.</exception>
    protected virtual ValueTask<DockStatus> FetchStatusAsync(CancellationToken cancellationToken)
    {
        if (_client is { } client)
        {
            return new ValueTask<DockStatus>(client.GetDockStatusCoreAsync(Id, retry: false, cancellationToken));
        }

        throw new InvalidOperationException("This operation has no client to poll with: override FetchStatusAsync.");
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
    /// <param name="polling">How to poll; the client's <see cref="KoreModelDeployOptions.Polling"/> (or the operation's own) when <see langword="null"/>.</param>
    /// <param name="progress">Told of every status change, the first included.</param>
    /// <param name="cancellationToken">Cancels the wait promptly, delays included; the job goes on.</param>
    /// <returns>The final status, <see cref="DockJobStatus.Success"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="polling"/> is invalid.</exception>
    /// <exception cref="KoreJobFailedException">The job ended <see cref="DockJobStatus.Failed"/>.</exception>
    /// <exception cref="KoreJobTimeoutException">The job did not end within <see cref="DockPollingOptions.Timeout"/>, or the service asked for a pause longer than the wait had left.</exception>
    /// <exception cref="KoreApiException">A poll failed in a way the wait does not absorb (401, 403, 404, …), or too many polls in a row failed transiently.</exception>
    public virtual Task<DockStatus> WaitForCompletionAsync(DockPollingOptions? polling, IProgress<DockStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        // Copied before it is checked, so a caller changing the instance during the wait reaches neither the check
        // nor the schedule. The default options were copied when the client or this operation was built.
        var settings = polling?.Snapshot();
        if (settings is not null)
        {
            KoreModelDeployOptionsValidator.ThrowIfInvalid(settings, nameof(polling));
        }

        return DockWait.RunAsync(this, settings ?? DefaultPolling, progress, cancellationToken);
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
            static (task, writer) =>
            {
                // A consumer that drops the enumerator without disposing it never reaches the await below; the wait's
                // failure is observed here as well, so it cannot surface later as an unobserved task exception.
                _ = task.Exception;
                ((ChannelWriter<DockStatus>)writer!).TryComplete();
            },
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

    /// <summary>
    /// One <see cref="FetchStatusAsync"/> for every wait and watch of this operation that asks while it is in flight, so
    /// concurrent waits cost the service one call, not one each.
    /// </summary>
    internal async ValueTask<DockStatus> PollSharedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var running = Volatile.Read(ref _inFlight);
            if (running is null)
            {
                var mine = new SharedPoll(cancellationToken);
                running = Interlocked.CompareExchange(ref _inFlight, mine, null);
                if (running is null)
                {
                    return await LeadAsync(mine, cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                return await JoinAsync(running.Task, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && running.Token.IsCancellationRequested)
            {
                // The caller that made the shared poll stopped waiting and cancelled it; this caller still wants an
                // answer, so it makes (or joins) the next poll.
            }
        }
    }

    private async ValueTask<DockStatus> LeadAsync(SharedPoll poll, CancellationToken cancellationToken)
    {
        try
        {
            var status = await FetchStatusAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(GetType().Name + ".FetchStatusAsync returned null; it must return the job's status or throw.");
            Observe(status);
            Interlocked.CompareExchange(ref _inFlight, null, poll);
            poll.TrySetResult(status);
            return status;
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _inFlight, null, poll);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                poll.TrySetCanceled(cancellationToken);
            }
            else
            {
                poll.TrySetException(ex);

                // Observed here, so a failure no other caller joined is not reported as unobserved.
                _ = poll.Task.Exception;
            }

            throw;
        }
    }

    private static async Task<DockStatus> JoinAsync(Task<DockStatus> poll, CancellationToken cancellationToken)
    {
#if NET
        return await poll.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!cancellationToken.CanBeCanceled || poll.IsCompleted)
        {
            return await poll.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(poll, cancelled.Task).ConfigureAwait(false) != poll)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await poll.ConfigureAwait(false);
#endif
    }

    private static DockStatus FirstStatus(DeployModelResponse response) => new()
    {
        Id = response.DockStatusId,
        ModelId = response.ModelId,
        JobType = response.JobType,
        Action = response.Action,
        Status = response.Status.IsDefault ? DockJobStatus.InProgress : response.Status,

        // A job refused at once (FAILED in the deploy answer) explains why in these.
        ExtensionData = response.ExtensionData,
    };

    /// <summary>A poll in flight, with the token of the caller that made it.</summary>
    private sealed class SharedPoll(CancellationToken token) : TaskCompletionSource<DockStatus>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationToken Token { get; } = token;
    }

    private sealed class ChannelProgress(ChannelWriter<DockStatus> writer) : IProgress<DockStatus>
    {
        public void Report(DockStatus value) => writer.TryWrite(value);
    }
}
