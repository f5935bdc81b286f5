namespace KoreModelDeploy.Tests.Polling;

/// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so a test sees every report before the wait returns.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
