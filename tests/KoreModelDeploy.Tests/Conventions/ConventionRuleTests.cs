using System.Diagnostics.CodeAnalysis;

namespace KoreModelDeploy.Tests.Conventions;

/// <summary>Each convention rule finds a violation when there is one, and names it: a rule that never fires proves nothing.</summary>
[SuppressMessage("Design", "CA1068", Justification = "A fixture breaks the rule on purpose.")]
[SuppressMessage("Performance", "CA1822", Justification = "The fixtures' instance members are what the rules read.")]
public class ConventionRuleTests
{
    [Fact]
    public void A_missing_or_extra_operation_is_named_on_the_side_that_lacks_it()
    {
        ApiConventions.OperationsNotOnBoth(typeof(IFixtureClient), typeof(FixtureClient)).Should().BeEquivalentTo(
            "FixtureClient lacks System.Threading.Tasks.Task DropAsync(System.Threading.CancellationToken)",
            "IFixtureClient lacks System.Threading.Tasks.Task ExtraAsync(System.Threading.CancellationToken)");
    }

    [Fact]
    public void A_sealed_or_plain_operation_is_named()
    {
        ApiConventions.NonVirtualOperations(typeof(FixtureClient)).Should().BeEquivalentTo(["FixtureClient.ExtraAsync(CancellationToken cancellationToken)"]);
    }

    [Fact]
    public void An_async_method_without_a_trailing_token_is_named()
    {
        ApiConventions.AsyncMethodsWithoutTrailingCancellationToken([typeof(FixtureAsync)]).Should().BeEquivalentTo(
            "FixtureAsync.NoToken(String id)",
            "FixtureAsync.TokenFirst(CancellationToken cancellationToken, String id)",
            "FixtureAsync.Stream(Int32 count)",
            "FixtureAsync.FamilyOnly()");
    }

    [Fact]
    public void A_member_one_value_type_lacks_is_named_with_the_types_that_have_it()
    {
        var violations = ApiConventions.ValueTypeMembersNotOnAll([typeof(FixtureValueA), typeof(FixtureValueB)], new Dictionary<Type, string[]>()).ToList();

        violations.Should().BeEquivalentTo(["FixtureValueB lacks Boolean IsDefault, which FixtureValueA has"]);
    }

    [Fact]
    public void A_settable_property_is_named_on_a_response_and_on_what_it_exposes()
    {
        ApiConventions.SettableResponseProperties([typeof(FixtureResponse)]).Should().BeEquivalentTo(
            "FixtureResponse.Init", "FixtureResponse.Set", "FixtureResponse.Protected", "FixtureNested.Set");
    }

    [Fact]
    public void A_type_outside_the_namespaces_is_named()
    {
        ApiConventions.TypesOutsideNamespaces([typeof(FixtureResponse), typeof(string)], ["System"]).Should().BeEquivalentTo(
            ["KoreModelDeploy.Tests.Conventions.ConventionRuleTests+FixtureResponse (namespace KoreModelDeploy.Tests.Conventions)"]);
    }

    public interface IFixtureClient
    {
        Task GetAsync(CancellationToken cancellationToken);

        Task DropAsync(CancellationToken cancellationToken);
    }

    public class FixtureClient
    {
        public virtual Task GetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ExtraAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public abstract class FixtureAsync
    {
        public Task<int> NoToken(string id) => Task.FromResult(id.Length);

        public ValueTask TokenFirst(CancellationToken cancellationToken, string id) => default;

        public IAsyncEnumerable<int> Stream(int count) => throw new NotSupportedException();

        public Task Fine(string id, CancellationToken cancellationToken) => Task.CompletedTask;

        public int NotAsync() => 0;

        protected abstract Task FamilyOnly();
    }

    public readonly struct FixtureValueA(string value)
    {
        public bool IsDefault => value is null;

        public override string ToString() => value;
    }

    public readonly struct FixtureValueB(string value)
    {
        public override string ToString() => value;
    }

    public class FixtureResponse
    {
        public string Init { get; init; } = string.Empty;

        public string Set { get; set; } = string.Empty;

        public string Protected { get; protected set; } = string.Empty;

        public string Internal { get; internal set; } = string.Empty;

        public string ReadOnly => string.Empty;

        public FixtureNested Nested { get; } = new();
    }

    public class FixtureNested
    {
        public string Set { get; set; } = string.Empty;
    }
}
