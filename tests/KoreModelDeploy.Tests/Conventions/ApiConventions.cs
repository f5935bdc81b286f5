using System.Reflection;
using System.Runtime.CompilerServices;

namespace KoreModelDeploy.Tests.Conventions;

/// <summary>
/// The rules the public API keeps, as reflection over an assembly's types. Each rule returns its violations, each naming
/// the offending type or member, so a failing test says what to fix; <see cref="ConventionRuleTests"/> proves each rule
/// finds a violation when there is one.
/// </summary>
internal static class ApiConventions
{
    /// <summary>The namespaces README documents for the package's public types.</summary>
    public static readonly IReadOnlyList<string> DocumentedNamespaces =
        ["KoreModelDeploy", "KoreModelDeploy.Models", "Microsoft.Extensions.DependencyInjection"];

    /// <summary>The string-backed value types: public structs built from their wire text.</summary>
    public static IEnumerable<Type> StringValueTypes(Assembly assembly) =>
        PublicTypes(assembly).Where(t => t.IsValueType && !t.IsEnum && t.GetConstructor([typeof(string)]) is not null);

    public static IEnumerable<Type> PublicTypes(Assembly assembly) => assembly.GetExportedTypes();

    /// <summary>Public types outside <paramref name="allowed"/>.</summary>
    public static IEnumerable<string> TypesOutsideNamespaces(IEnumerable<Type> types, IReadOnlyCollection<string> allowed) =>
        types.Where(t => !allowed.Contains(t.Namespace ?? string.Empty)).Select(t => $"{t.FullName} (namespace {t.Namespace ?? "(global)"})");

    /// <summary>
    /// Public and protected methods that return a task or an async stream but do not take a
    /// <see cref="CancellationToken"/> last.
    /// </summary>
    public static IEnumerable<string> AsyncMethodsWithoutTrailingCancellationToken(IEnumerable<Type> types) =>
        from type in types
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName && IsAsync(method.ReturnType)
        let parameters = method.GetParameters()
        where parameters.Length == 0 || parameters[^1].ParameterType != typeof(CancellationToken)
        select Describe(method);

    /// <summary>Operations one type has and the other lacks, compared by name, parameter types and return type.</summary>
    public static IEnumerable<string> OperationsNotOnBoth(Type contract, Type implementation)
    {
        var declared = Operations(contract).ToHashSet();
        var implemented = Operations(implementation).ToHashSet();
        return declared.Except(implemented).Select(s => $"{implementation.Name} lacks {s}")
            .Concat(implemented.Except(declared).Select(s => $"{contract.Name} lacks {s}"));
    }

    /// <summary>Public operations of a class that a mock or subclass cannot override.</summary>
    public static IEnumerable<string> NonVirtualOperations(Type implementation) =>
        from method in PublicInstanceMethods(implementation)
        where !method.IsVirtual || method.IsFinal
        select Describe(method);

    /// <summary>Members that one string-backed value type has and another lacks (its own documented values aside).</summary>
    public static IEnumerable<string> ValueTypeMembersNotOnAll(IReadOnlyCollection<Type> types, IReadOnlyDictionary<Type, string[]> ownExtras)
    {
        var shapes = types.ToDictionary(t => t, t => Shape(t).Except(ownExtras.TryGetValue(t, out var extras) ? extras : []).ToHashSet());
        var all = shapes.Values.SelectMany(s => s).ToHashSet();
        return from type in types
               from member in all.Except(shapes[type]).OrderBy(m => m, StringComparer.Ordinal)
               let others = shapes.Where(s => s.Value.Contains(member)).Select(s => s.Key.Name)
               select $"{type.Name} lacks {member}, which {string.Join(", ", others)} {(others.Count() == 1 ? "has" : "have")}";
    }

    /// <summary>
    /// Properties that a caller could set (public or protected setters, <c>init</c> included) on the given types and on
    /// every type of the same assembly they expose through their properties.
    /// </summary>
    public static IEnumerable<string> SettableResponseProperties(IEnumerable<Type> responseTypes)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(responseTypes);
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is { } setter && (setter.IsPublic || setter.IsFamily || setter.IsFamilyOrAssembly))
                {
                    yield return $"{type.Name}.{property.Name}";
                }

                if (property.PropertyType.Assembly == type.Assembly && !property.PropertyType.IsValueType)
                {
                    pending.Enqueue(property.PropertyType);
                }
            }
        }
    }

    /// <summary>The types the operations of <paramref name="types"/> return, unwrapped from tasks and async streams, from <paramref name="assembly"/>.</summary>
    public static IEnumerable<Type> ReturnedTypes(Assembly assembly, params Type[] types) =>
        types.SelectMany(PublicInstanceMethods).Select(m => Unwrap(m.ReturnType)).Where(t => t.Assembly == assembly && !t.IsValueType).Distinct();

    private static IEnumerable<string> Shape(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            // Each type's documented values are its own static properties; everything else is the shared shape.
            .Where(m => !(m is PropertyInfo { GetMethod.IsStatic: true } p && p.PropertyType == type))
            .Where(m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal))
            .Select(m => Normalize(m, type))
            .Concat(type.GetInterfaces().Select(i => "implements " + i.Name.Replace(type.Name, "T", StringComparison.Ordinal) + (i.IsGenericType ? "<T>" : string.Empty)))
            .Concat(type.GetCustomAttributesData().Select(a => "[" + a.AttributeType.Name + "]"));

    private static string Normalize(MemberInfo member, Type self)
    {
        string Name(Type t) => t == self ? "T" : t.Name;
        return member switch
        {
            ConstructorInfo c => $"new({string.Join(", ", c.GetParameters().Select(p => Name(p.ParameterType)))})",
            MethodInfo m => $"{Name(m.ReturnType)} {m.Name}({string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType)))})",
            PropertyInfo p => $"{Name(p.PropertyType)} {p.Name}",
            _ => member.MemberType + " " + member.Name,
        };
    }

    private static IEnumerable<MethodInfo> PublicInstanceMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType != typeof(object) && !m.IsSpecialName)
            .Where(m => !(m.Name is nameof(Equals) or nameof(GetHashCode) or nameof(ToString)));

    private static IEnumerable<string> Operations(Type type) =>
        PublicInstanceMethods(type).Select(m => $"{m.ReturnType} {m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType))})");

    private static bool IsAsync(Type returnType) =>
        returnType == typeof(Task) || returnType == typeof(ValueTask)
        || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>)));

    private static Type Unwrap(Type type) =>
        type.IsGenericType && IsAsync(type) ? type.GetGenericArguments()[0] : type;

    private static string Describe(MethodInfo method) =>
        $"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name))})";
}
