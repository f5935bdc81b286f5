using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// The operating-system calls the tool needs and .NET does not offer: an exclusive <c>flock(2)</c> on an open file (the
/// journal's lock), and the type of a file (<c>statx(2)</c>, whose buffer has one layout on every Linux architecture),
/// told before a file is opened because opening a FIFO waits in the kernel for a writer and reading a device may never
/// end. On Windows neither is used: its share modes already bind every name of a file, and it has no FIFOs or device
/// nodes a path could name by mistake.
/// </summary>
internal static partial class NativeFiles
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 1;
    private const uint StatxIno = 0x100;
    private const int FileTypeMask = 0xF000;

    /// <summary>What <see cref="TryLockExclusive"/> found.</summary>
    internal enum LockResult
    {
        Taken,
        HeldElsewhere,
        Unsupported,
    }

    /// <summary>
    /// Takes <c>flock(fd, LOCK_EX | LOCK_NB)</c> on the file <paramref name="handle"/> is open on. The lock belongs to
    /// the open file, not to the name it was opened by, so it shuts out every other open of the same file, through a
    /// symbolic link, a hard link or another spelling of its path; the kernel drops it when the process ends.
    /// </summary>
    /// <param name="handle">An open file.</param>
    /// <param name="errno">The error number when the result is <see cref="LockResult.Unsupported"/>.</param>
    public static LockResult TryLockExclusive(SafeFileHandle handle, out int errno)
    {
        errno = 0;
        if (OperatingSystem.IsWindows())
        {
            return LockResult.Taken;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                if (Flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
                {
                    return LockResult.Taken;
                }

                errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.Interrupted)
                {
                    continue;
                }

                return errno == Errno.WouldBlock ? LockResult.HeldElsewhere : LockResult.Unsupported;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The type of the file a path names, following symbolic links.</summary>
    public static FileKind KindOf(string path)
    {
        var kind = OperatingSystem.IsLinux() ? Stat(AtCurrentDirectory, path, 0) : FileKind.Other;
        if (kind == FileKind.Other)
        {
            // Not Linux, or no statx: what .NET can tell.
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Other : FileKind.Missing;
        }

        return kind;
    }

    /// <summary>The type of an open file; <see cref="FileKind.Other"/> when it cannot be told.</summary>
    public static FileKind KindOf(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKind.Other;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Stat((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Whether a path still names the file <paramref name="handle"/> is open on (same device and inode). True where it
    /// cannot be told (not Linux, no <c>statx</c>): the check only ever stops an apply, never lets one in.
    /// </summary>
    public static bool StillNames(string path, SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxIno, out var open) != 0)
            {
                return true;
            }

            return Statx(AtCurrentDirectory, path, 0, StatxIno, out var named) == 0
                && named.Inode == open.Inode && named.DeviceMajor == open.DeviceMajor && named.DeviceMinor == open.DeviceMinor;
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static FileKind Stat(int directory, string path, int flags)
    {
        try
        {
            if (Statx(directory, path, flags, StatxType, out var status) != 0)
            {
                return FileKind.Missing;
            }

            return (status.Mode & FileTypeMask) switch
            {
                0x8000 => FileKind.Regular,
                0x1000 => FileKind.Pipe,
                0x4000 => FileKind.Directory,
                0x2000 or 0x6000 => FileKind.Device,
                0xC000 => FileKind.Socket,
                _ => FileKind.Other,
            };
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than statx (glibc before 2.28, musl before 1.2.5): the checks .NET makes still apply.
            return FileKind.Other;
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>struct statx</c>: the same layout on every Linux architecture; only the fields read are declared.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }

    private static class Errno
    {
        public static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;

        public static int Interrupted => 4;
    }
}
