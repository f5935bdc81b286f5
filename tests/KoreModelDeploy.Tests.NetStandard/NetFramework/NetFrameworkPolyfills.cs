namespace KoreModelDeploy;

/// <summary>
/// The instance APIs the suite uses that .NET Framework lacks, with .NET's behaviour, so the shared sources compile for
/// net48 unchanged. Static APIs cannot be added this way: files that need one are left out on net48 (see the project).
/// </summary>
internal static class NetFrameworkPolyfills
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static bool TryDequeue<T>(this Queue<T> queue, out T result)
    {
        if (queue.Count == 0)
        {
            result = default!;
            return false;
        }

        result = queue.Dequeue();
        return true;
    }

    public static Task CancelAsync(this CancellationTokenSource source)
    {
        source.Cancel();
        return Task.CompletedTask;
    }

    public static string Replace(this string text, string oldValue, string newValue, StringComparison comparison) =>
        comparison == StringComparison.Ordinal
            ? text.Replace(oldValue, newValue)
            : throw new NotSupportedException("Only ordinal replacement is needed by the suite.");

    public static string[] Split(this string text, string separator) => text.Split([separator], StringSplitOptions.None);

    public static async Task WaitAsync(this Task task, TimeSpan timeout)
    {
        if (await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false) != task)
        {
            throw new TimeoutException();
        }

        await task.ConfigureAwait(false);
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout)
    {
        await ((Task)task).WaitAsync(timeout).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }
}
