using System.Text;

namespace KoreModelDeploy.Cli.Hosting;

/// <summary>
/// A standard stream that never throws: a write that fails is reported to <see cref="OutputFailure"/>, which stops the
/// run, and every later write to that stream is dropped. Without it an <see cref="IOException"/> from stdout or stderr
/// escaped as a stack trace, or, thrown where nothing catches it, aborted the process.
/// </summary>
internal sealed class GuardedWriter(TextWriter inner, string streamName, OutputFailure failure) : TextWriter
{
    private volatile bool _broken;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void WriteLine() => Guard(inner.WriteLine);

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void Flush() => Guard(inner.Flush);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    private void Guard(Action write)
    {
        if (_broken)
        {
            return;
        }

        try
        {
            write();
        }
        // A closed stdout (>&-) arrives as UnauthorizedAccessException, .NET's reading of EBADF.
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            _broken = true;
            failure.Report(streamName, ex);
        }
    }
}
