namespace KoreModelDeploy.Validation;

/// <summary>
/// Checks a model id or dock status id before it becomes a URL path segment. Ids are percent-escaped when sent,
/// so <c>/</c>, <c>?</c> and <c>#</c> cannot leave the segment; what escaping cannot make safe is refused here:
/// dot segments (which URL normalization would resolve to another endpoint), control characters, and absurd lengths.
/// </summary>
internal static class ResourceIdValidator
{
    public const int MaxLength = 256;

    public static void Validate(string path, string? id, ValidationErrorCollector errors)
    {
        if (id is null)
        {
            errors.Add(path, null, "is required");
            return;
        }

        if (id.Length == 0 || string.IsNullOrWhiteSpace(id))
        {
            errors.Add(path, DeployModelRequestValidator.Quote(id), "must not be empty or blank");
            return;
        }

        if (id.Length > MaxLength)
        {
            errors.Add(path, DeployModelRequestValidator.Quote(id.Substring(0, 32)) + "…", FormattableString.Invariant($"must be at most {MaxLength} characters long (was {id.Length})"));
            return;
        }

        if (id is "." or "..")
        {
            errors.Add(path, DeployModelRequestValidator.Quote(id), "must not be a relative path segment");
            return;
        }

        if (ContainsControlOrWhiteSpace(id))
        {
            errors.Add(path, DeployModelRequestValidator.Quote(Printable(id)), "must not contain control or white-space characters");
        }
    }

    /// <summary>Whether the text has a character that cannot stand in a URL segment or a header value as given.</summary>
    public static bool ContainsControlOrWhiteSpace(string value)
    {
#if NET
        // Printable ASCII without the space, what ids are made of, holds neither: one vectorised pass decides it.
        if (!value.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return false;
        }

#endif
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsUsable(string? id)
    {
        var errors = new ValidationErrorCollector();
        Validate("id", id, errors);
        return !errors.HasErrors;
    }

    public static void ThrowIfInvalid(string path, string? id)
    {
        var errors = new ValidationErrorCollector();
        Validate(path, id, errors);
        errors.ThrowIfAny();
    }

    private static string Printable(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
