using KoreModelDeploy;
using KoreModelDeploy.PostgreSql;

// kore-poller HOST API_KEY DOCK_STATUS_ID INSTANCE WAIT_SECONDS [CONNECTION_STRING]
// Waits on one job, polling as fast as the options allow, until WAIT_SECONDS pass; each request names the instance in
// X-Kore-Test-Instance so the test's server can tell the pollers apart. With a connection string the slots come from
// the shared PostgreSQL budget, without it from this process's own. It prints "ready" once warmed up and starts its wait
// when a line arrives on stdin. Exit 0 when the wait ended by its timeout.
if (args.Length is < 5 or > 6)
{
    Console.Error.WriteLine("usage: kore-poller HOST API_KEY DOCK_STATUS_ID INSTANCE WAIT_SECONDS [CONNECTION_STRING]");
    return 2;
}

var options = new KoreModelDeployOptions
{
    Host = new Uri(args[0]),
    ApiKey = args[1],
    Polling =
    {
        InitialDelay = TimeSpan.FromMilliseconds(10),
        Multiplier = 1,
        MaxDelay = TimeSpan.FromMilliseconds(10),
        Jitter = 0,
        Timeout = TimeSpan.FromSeconds(double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)),
    },
};

await using var budget = args.Length == 6 ? new PostgreSqlPollBudget(args[5]) : null;
options.UsePollBudget(budget);

using var http = new HttpClient(new InstanceHeader(args[3]) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } });
var client = new ModelDeploymentClient(http, options);
// A service instance has long been running when it polls: its connections open, its code compiled. One read of another
// job gets this process there, so that its first poll of the job leaves as promptly as a running service's would.
try
{
    await client.GetDockStatusAsync("warm-up-" + args[3]);
}
catch (KoreApiException)
{
    // The emulator knows no such job: the answer does not matter, only that the way there was taken once.
}

Console.WriteLine("ready");

// The test says go once every instance is ready, so that no instance polls while the others still start: a machine
// busy starting processes delays polls by more than any margin, and running services are past that.
if (Console.In.ReadLine() is null)
{
    Console.Error.WriteLine("the test went away before it said go");
    return 3;
}

try
{
    await client.GetDockOperation(args[2]).WaitForCompletionAsync(options.Polling);
    Console.Error.WriteLine("the job ended; it was meant to run past the wait");
    return 1;
}
catch (KoreJobTimeoutException)
{
    return 0;
}

/// <summary>
/// Names the instance on every request, and stamps when the request left the client for the network (a Stopwatch
/// timestamp: on Linux the system-wide monotonic clock, so the test's server can compare stamps of several processes).
/// </summary>
internal sealed class InstanceHeader(string instance) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add("X-Kore-Test-Instance", instance);
        request.Headers.Add("X-Kore-Test-Sent", System.Diagnostics.Stopwatch.GetTimestamp().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return base.SendAsync(request, cancellationToken);
    }
}
