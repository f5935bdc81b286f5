using System.Runtime.InteropServices;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// Whether a child process has a thread blocked in a given system call, read from <c>/proc/PID/task/*/syscall</c>
/// (the call's number, then its arguments), so a test signals the process while it waits in the kernel, not before.
/// </summary>
internal static class KernelWaits
{
    /// <summary>A thread waits in <c>openat(AT_FDCWD, …)</c>: opening a FIFO that has no writer.</summary>
    public static bool IsOpening(int processId) =>
        AnyThreadIn(processId, RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "56 0xffffffffffffff9c " : "257 0xffffffffffffff9c ");

    /// <summary>A thread waits in <c>read(0, …)</c>: reading stdin.</summary>
    public static bool IsReadingStdin(int processId) =>
        AnyThreadIn(processId, RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "63 0x0 " : "0 0x0 ");

    private static bool AnyThreadIn(int processId, string prefix)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{processId}/task").Any(task =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(task, "syscall")).StartsWith(prefix, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }
}
