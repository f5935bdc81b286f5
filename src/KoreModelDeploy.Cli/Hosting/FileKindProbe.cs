using System.Runtime.InteropServices;

namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// Tells a regular file from a pipe, device, socket or directory before it is opened: opening a FIFO waits in the
/// kernel for a writer, and reading a device may never end. .NET says only "directory or not", so on Linux the tool
/// asks <c>statx</c>, whose buffer has one layout on every architecture.
/// </summary>
internal static partial class FileKindProbe
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x0001;
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;

    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[StatxSize];
                if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
                {
                    return FileKind.Missing;
                }

                return (BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000) switch
                {
                    0x8000 => FileKind.Regular,
                    0x1000 => FileKind.Pipe,
                    0x4000 => FileKind.Directory,
                    0x2000 or 0x6000 => FileKind.Device,
                    0xC000 => FileKind.Socket,
                    _ => FileKind.Other,
                };
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // A C library without statx (glibc before 2.28): fall back to what .NET can tell.
            }
        }

        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Other : FileKind.Missing;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
