using KoreModelDeploy.Models;

namespace KoreModelDeploy.Tests.Conventions;

/// <summary>
/// The public API keeps its conventions as it grows, in the manner of Octokit's convention tests: each failure names the
/// offending type or member.
/// </summary>
public class ApiConventionTests
{
    private static readonly System.Reflection.Assembly Sdk = typeof(ModelDeploymentClient).Assembly;

    [Fact]
    public void The_client_and_its_interface_expose_the_same_operations()
    {
        ApiConventions.OperationsNotOnBoth(typeof(IModelDeploymentClient), typeof(ModelDeploymentClient)).Should().BeEmpty();
    }

    [Fact]
    public void Every_operation_of_the_client_and_of_an_operation_can_be_overridden()
    {
        ApiConventions.NonVirtualOperations(typeof(ModelDeploymentClient))
            .Concat(ApiConventions.NonVirtualOperations(typeof(DockOperation)))
            .Should().BeEmpty("README promises mocks and subclasses can replace every operation");
    }

    [Fact]
    public void Every_public_async_method_takes_a_cancellation_token_last()
    {
        ApiConventions.AsyncMethodsWithoutTrailingCancellationToken(ApiConventions.PublicTypes(Sdk)).Should().BeEmpty();
    }

    [Fact]
    public void The_string_backed_value_types_are_the_known_ones()
    {
        ApiConventions.StringValueTypes(Sdk).Select(t => t.Name).Should().BeEquivalentTo(
            [nameof(DeviceType), nameof(ModelType), nameof(OptimizationType), nameof(QuantizationType), nameof(DockJobStatus), nameof(DockAction), nameof(DockJobType)],
            "a new one must be added here, so the next rule checks its members");
    }

    [Fact]
    public void The_string_backed_value_types_expose_the_same_members()
    {
        var extras = new Dictionary<Type, string[]>
        {
            // Only a job status can end a wait.
            [typeof(DockJobStatus)] = ["Boolean IsTerminal"],
        };

        ApiConventions.ValueTypeMembersNotOnAll(ApiConventions.StringValueTypes(Sdk).ToList(), extras).Should().BeEmpty();
    }

    [Fact]
    public void Response_models_cannot_be_changed_by_callers()
    {
        var responses = ApiConventions.ReturnedTypes(Sdk, typeof(IModelDeploymentClient), typeof(DockOperation)).ToList();

        responses.Should().Contain([typeof(DeployModelResponse), typeof(DockStatus), typeof(DockOperation)], "the rule must see what the operations return");
        ApiConventions.SettableResponseProperties(responses).Should().BeEmpty();
    }

    [Fact]
    public void The_poll_budget_seam_can_be_implemented_by_another_package_and_exposes_nothing_internal()
    {
        var seam = typeof(DockPollBudget);

        seam.IsAbstract.Should().BeTrue();
        seam.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public).Should().BeEmpty("only implementations construct it");
        seam.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic).Should().Contain(c => c.IsFamily);
        var members = seam.GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly);
        members.Should().OnlyContain(m => m.IsAbstract || m.IsVirtual, "an implementation decides everything; the client only asks");
        members.Where(m => !m.IsAbstract).Select(m => m.Name).Should().BeEquivalentTo(
            ["get_" + nameof(DockPollBudget.LateSlotLimit)],
            "the one setting with a default an implementation may keep: none, so an existing budget goes on as it did");
        ApiConventions.AsyncMethodsWithoutTrailingCancellationToken([seam]).Should().BeEmpty();
    }

    [Fact]
    public void The_schedule_engines_replay_is_a_pure_function_of_its_arguments()
    {
        var method = typeof(DockPollingOptions).GetMethod(nameof(DockPollingOptions.GetPollDelay))!;

        method.GetParameters().Select(p => p.ParameterType).Should().Equal([typeof(int), typeof(TimeSpan), typeof(double)],
            "the attempt, the elapsed time and the jitter value are all it reads besides the options: no clock, no random source");
        method.ReturnType.Should().Be<TimeSpan?>();
    }

    [Fact]
    public void Public_types_live_only_in_the_documented_namespaces()
    {
        ApiConventions.TypesOutsideNamespaces(ApiConventions.PublicTypes(Sdk), [.. ApiConventions.DocumentedNamespaces]).Should().BeEmpty();
    }

    [Fact]
    public void README_documents_the_public_namespaces()
    {
        var readme = File.ReadAllText(Reliability.Support.RepositoryFiles.PathOf("README.md"));

        ApiConventions.DocumentedNamespaces.Where(ns => !readme.Contains($"`{ns}`", StringComparison.Ordinal))
            .Should().BeEmpty("README lists every namespace public types live in");
    }
}
