using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Diagnostics;

/// <summary>
/// Every log entry the package writes, source-generated so a disabled level costs nothing.
/// No entry takes the API key or a request header as an argument.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms (attempt {Attempt})")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} failed after {ElapsedMilliseconds:0.0} ms (attempt {Attempt})")]
    public static partial void RequestFailed(ILogger logger, string method, string path, double elapsedMilliseconds, int attempt, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Method} {Path} will be retried in {DelayMilliseconds:0} ms after attempt {Attempt}: {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string method, string path, double delayMilliseconds, int attempt, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Poll of dock job {DockStatusId} was {LateMilliseconds:0} ms late for its slot of the shared poll budget; it takes the next slot, in {SlotMilliseconds:0} ms, rather than arrive too close to another process's poll")]
    public static partial void LateForPollSlot(ILogger logger, string dockStatusId, double lateMilliseconds, double slotMilliseconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Dock job {DockStatusId} is {Status} after {ElapsedSeconds:0.0} s ({Polls} polls)")]
    public static partial void DockStatusChanged(ILogger logger, string dockStatusId, Models.DockJobStatus status, double elapsedSeconds, int polls);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Poll {Poll} of dock job {DockStatusId} failed ({ConsecutiveFailures} in a row, {MaxConsecutiveFailures} tolerated); next poll in {DelayMilliseconds:0} ms: {Reason}")]
    public static partial void PollFailed(ILogger logger, int poll, string dockStatusId, int consecutiveFailures, int maxConsecutiveFailures, double delayMilliseconds, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Dock job {DockStatusId} ended {Status}: {VendorMessage}")]
    public static partial void DockJobFailed(ILogger logger, string dockStatusId, string status, string vendorMessage);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Stopped waiting for dock job {DockStatusId} after {ElapsedSeconds:0.0} s; last status {Status}. The wait can be resumed from this id")]
    public static partial void DockWaitTimedOut(ILogger logger, string dockStatusId, double elapsedSeconds, string status);
}
