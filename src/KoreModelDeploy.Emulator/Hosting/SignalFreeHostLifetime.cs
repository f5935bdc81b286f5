using Microsoft.Extensions.Hosting;

namespace KoreModelDeploy.Emulator.Hosting;

/// <summary>
/// Replaces the console lifetime, which would capture Ctrl+C and SIGTERM for the whole process:
/// an emulator hosted inside a test run must not decide when that process stops.
/// </summary>
internal sealed class SignalFreeHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
