namespace KoreModelDeploy.Cli.Configuration;

/// <summary>
/// Collects what stops a command before it sends anything (a missing key, a missing host, an unreadable file, a broken
/// rule), so that one run names them all; the exit code is then configuration's when any is a configuration problem.
/// </summary>
internal sealed class RunProblems
{
    private readonly List<string> _configuration = [];
    private readonly List<KoreValidationError> _violations = [];
    private readonly List<Manifests.ManifestViolation> _manifest = [];

    /// <summary>Runs <paramref name="step"/>; what it refuses is kept, and the default returned.</summary>
    public async Task<T?> CollectAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (CliConfigurationException ex)
        {
            _configuration.AddRange(ex.Problems);
            _violations.AddRange(ex.Violations);
        }
        catch (KoreValidationException ex)
        {
            _violations.AddRange(ex.Errors);
        }
        catch (Manifests.ManifestException ex)
        {
            _manifest.AddRange(ex.Violations);
        }

        return default;
    }

    /// <summary>Runs <paramref name="step"/>; what it refuses is kept.</summary>
    public void Collect(Action step) => _ = CollectAsync(() =>
    {
        step();
        return Task.FromResult(true);
    }).GetAwaiter().GetResult();

    /// <summary>Throws every problem collected: as configuration when there is one, else as an invalid request.</summary>
    public void ThrowIfAny()
    {
        if (_configuration.Count > 0)
        {
            throw new CliConfigurationException([.. _configuration], [.. _violations, .. _manifest.Select(v => new KoreValidationError(v.Path, null, v.Message))]);
        }

        if (_manifest.Count > 0)
        {
            throw new Manifests.ManifestException([.. _manifest]);
        }

        if (_violations.Count > 0)
        {
            throw new KoreValidationException([.. _violations]);
        }
    }
}
