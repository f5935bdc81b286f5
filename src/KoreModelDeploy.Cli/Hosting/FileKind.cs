namespace KoreModelDeploy.Cli.Hosting;

/// <summary>What a path names, as the operating system says (symbolic links followed).</summary>
internal enum FileKind
{
    /// <summary>Nothing is there, or it cannot be looked at.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A pipe or FIFO, as <c>&lt;(…)</c> gives (<c>/dev/fd/N</c>) or <c>mkfifo</c> makes; opening one waits for a writer.</summary>
    Pipe,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A character or block device (<c>/dev/zero</c>, <c>/dev/tty</c>, a disk).</summary>
    Device,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Something the tool cannot tell more about (not Linux, or a C library without <c>statx</c>).</summary>
    Other,
}
