using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KoreModelDeploy.Fleet.Tests.TestSupport;

/// <summary>One instance of the fleet sample (<c>kore-fleet</c>) run as a child process on a port of its choosing.</summary>
internal sealed partial class FleetInstance : IAsyncDisposable
{
    // A process that must start, open its database and its queue takes seconds on a busy machine.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FleetInstance(string name, Process process)
    {
        Name = name;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public HttpClient Http { get; } = new();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts an instance and waits until it answers HTTP.</summary>
    /// <param name="name">The instance's name, which it records beside what it records.</param>
    /// <param name="connectionString">The database every instance shares.</param>
    /// <param name="vendor">Where the instance finds the service (the emulator, or a proxy in front of it).</param>
    /// <param name="apiKey">The service's API key.</param>
    public static async Task<FleetInstance> StartAsync(string name, string connectionString, Uri vendor, string apiKey)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kore-fleet.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        var environment = start.Environment;
        environment["ConnectionStrings__Fleet"] = connectionString;
        environment["KoreModelDeploy__Host"] = vendor.ToString();
        environment["KoreModelDeploy__ApiKey"] = apiKey;
        // Short delays: the SDK's budget still keeps one process's polls of a job 1 s apart.
        environment["KoreModelDeploy__Polling__InitialDelay"] = "00:00:00.100";
        environment["KoreModelDeploy__Polling__MaxDelay"] = "00:00:00.100";
        environment["KoreModelDeploy__Polling__Multiplier"] = "1";
        environment["KoreModelDeploy__Polling__Jitter"] = "0";
        environment["Fleet__InstanceName"] = name;
        // Without the shared budget, so that it cannot hide a second poller: the engine alone must keep one per job.
        environment["Fleet__SharedPollBudget"] = "false";
        environment["Logging__LogLevel__Default"] = "Information";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment.Remove("KORE_HOST");
        environment.Remove("KORE_API_KEY");

        var instance = new FleetInstance(name, Process.Start(start) ?? throw new InvalidOperationException("kore-fleet did not start"));
        try
        {
            var address = await instance._listening.Task.WaitAsync(StartLimit);
            instance.Http.BaseAddress = address;
            return instance;
        }
        catch (TimeoutException)
        {
            await instance.DisposeAsync();
            throw new TimeoutException($"kore-fleet {name} did not listen within {StartLimit.TotalSeconds} s; its output: {instance.Output}");
        }
    }

    /// <summary>Starts a deployment of <paramref name="modelId"/>; returns the answer as it came.</summary>
    public Task<HttpResponseMessage> PostDeploymentAsync(string modelId, string requestJson, string? idempotencyKey)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/deployments")
        {
            Content = new StringContent(
                $$"""{"modelId":{{JsonSerializer.Serialize(modelId)}},"modelType":"openSource","request":{{requestJson}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Http.SendAsync(message);
    }

    /// <summary>The deployment as this instance answers it.</summary>
    public async Task<DeploymentView> GetDeploymentAsync(Guid id)
    {
        using var answer = await Http.GetAsync(new Uri($"/deployments/{id}", UriKind.Relative));
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadFromJsonAsync<DeploymentView>() ?? throw new InvalidOperationException("An empty answer.");
    }

    /// <summary>Ends the process with SIGKILL, as a crash or an evicted container would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var timeout = new CancellationTokenSource(StartLimit);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(StartLimit);
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>What <c>GET /deployments/{id}</c> answers.</summary>
internal sealed record DeploymentView(Guid Id, string ModelId, string State, string? DockStatusId, string? Message, int Polls, string UpdatedBy);
