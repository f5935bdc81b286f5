namespace System.Threading;

/// <summary>
/// .NET Framework has no <c>System.Threading.Lock</c>; the suite's <c>lock</c> statements on one compile to
/// <see cref="EnterScope"/>, served here by <see cref="Monitor"/>.
/// </summary>
internal sealed class Lock
{
    private readonly object _gate = new();

    public Scope EnterScope()
    {
        Monitor.Enter(_gate);
        return new Scope(_gate);
    }

    public readonly ref struct Scope(object gate)
    {
        public void Dispose() => Monitor.Exit(gate);
    }
}
