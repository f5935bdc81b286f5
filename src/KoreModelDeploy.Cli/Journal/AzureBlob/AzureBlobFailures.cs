using System.Net.Sockets;
using Azure;

namespace KoreModelDeploy.Cli.Journal.AzureBlob;

/// <summary>What the storage service's failures arrive as, and how they are told, in words that never carry a credential.</summary>
internal static class AzureBlobFailures
{
    /// <summary>Azure's error codes the store acts on.</summary>
    public const string LeaseAlreadyPresent = "LeaseAlreadyPresent";

    public const string BlobNotFound = "BlobNotFound";

    public const string ContainerNotFound = "ContainerNotFound";

    public const string BlobAlreadyExists = "BlobAlreadyExists";

    public const string AppendPositionConditionNotMet = "AppendPositionConditionNotMet";

    /// <summary>A failure of the service or of the way to it (the SDK's retries end in an <see cref="AggregateException"/>).</summary>
    public static bool IsStorageFailure(Exception ex) =>
        ex is RequestFailedException or AggregateException or IOException or HttpRequestException or SocketException or TimeoutException or OperationCanceledException;

    /// <summary>Whether the service answered with <paramref name="code"/>.</summary>
    public static bool Is(Exception ex, string code) => ex is RequestFailedException { ErrorCode: { } errorCode } && errorCode == code;

    /// <summary>Whether the blob or its container does not exist.</summary>
    public static bool IsMissing(Exception ex) => ex is RequestFailedException { Status: 404 };

    /// <summary>
    /// What went wrong: the service's status and error code, or the network's own words (which name a host and port,
    /// never a key). <see cref="RequestFailedException.Message"/> is not used: it lists the request's headers.
    /// </summary>
    public static string Describe(Exception ex) => ex switch
    {
        RequestFailedException { Status: 0 } failed when failed.InnerException is { } inner => Describe(inner),
        RequestFailedException failed => $"the storage service answered {failed.Status}{(failed.ErrorCode is { Length: > 0 } code ? " " + code : string.Empty)}",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[^1]),
        HttpRequestException http => $"the storage service could not be reached ({Innermost(http).TrimEnd('.')})",
        SocketException socket => $"the storage service could not be reached ({socket.Message.TrimEnd('.')})",
        IOException => "the connection to the storage service failed",
        OperationCanceledException or TimeoutException => "the storage service did not answer in time",
        _ => "the storage service failed",
    };

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }

        return ex.Message;
    }
}
