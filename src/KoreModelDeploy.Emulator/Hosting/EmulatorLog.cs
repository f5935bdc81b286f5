using Microsoft.Extensions.Logging;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>Source-generated log messages; none takes a header, so the API key cannot reach a log.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} ({Endpoint}) answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestAnswered(ILogger logger, string method, string path, EmulatorEndpoint endpoint, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Method} {Path} ({Endpoint}): injected fault {Fault}")]
    public static partial void FaultInjected(ILogger logger, string method, string path, EmulatorEndpoint endpoint, EmulatorFault fault);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Method} {Path} ({Endpoint}): rejected, missing or wrong x-api-key")]
    public static partial void Unauthorized(ILogger logger, string method, string path, EmulatorEndpoint endpoint);
}
