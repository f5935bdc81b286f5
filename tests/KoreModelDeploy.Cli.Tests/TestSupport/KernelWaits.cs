using System.Globalization;
using System.Runtime.InteropServices;

namespace KoreModelDeploy.Cli.Tests.TestSupport;

/// <summary>
/// Whether a child process has a thread blocked in a given system call, read from <c>/proc/PID/task/*/syscall</c>
/// (the call's number, then its arguments in hexadecimal), so a test signals the process while it waits in the
/// kernel, not before its signal handlers exist. Start the child with <c>DOTNET_EnableDiagnostics=0</c>: the runtime's
/// debugger pipe otherwise keeps a thread in <c>openat</c> of its own.
/// </summary>
internal static class KernelWaits
{
    private static bool Arm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>
    /// A thread waits in <c>openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC)</c>, as .NET opens a file to read: opening a
    /// FIFO that has no writer. Seen twice in a row, so an ordinary open passing by does not count.
    /// </summary>
    public static async Task<bool> IsOpeningForReadAsync(int processId)
    {
        for (var seen = 0; seen < 2; seen++)
        {
            if (!Threads(processId).Any(call => call.Length > 3 && call[0] == (Arm64 ? "56" : "257") && call[1] == "0xffffff9c" && call[3] == "0x80000"))
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>A thread waits in <c>read</c> on stdin (or on a duplicate of it, as .NET's console stream reads).</summary>
    public static bool IsReadingStdin(int processId)
    {
        var stdin = Target(processId, 0);
        return stdin is not null && Threads(processId).Any(call =>
            call.Length > 1 && call[0] == (Arm64 ? "63" : "0")
            && int.TryParse(call[1].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var fd)
            && Target(processId, fd) == stdin);
    }

    /// <summary>The direct children of a process (a program <c>script</c> or a shell started), from <c>/proc</c>.</summary>
    public static IReadOnlyList<int> Children(int processId)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{processId}/task"))
            {
                foreach (var id in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(id, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile.
        }

        return children;
    }

    private static string? Target(int processId, int fd)
    {
        try
        {
            return new FileInfo($"/proc/{processId}/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string[]> Threads(int processId)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{processId}/task");
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "syscall"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            yield return text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}
