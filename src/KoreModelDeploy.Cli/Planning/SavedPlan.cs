using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using KoreModelDeploy.Cli.Configuration;
using KoreModelDeploy.Cli.Journal;

namespace KoreModelDeploy.Cli.Planning;

/// <summary>
/// A plan written by <c>plan --save-plan</c> for <c>apply --plan</c>: what was planned (every step, with the request
/// each deploy sends) and from what (the manifest's digest, the environment, the host, the journal's position), so
/// that apply can refuse a plan the world has moved away from. It holds no secret: requests never hold the key.
/// </summary>
internal sealed record SavedPlan
{
    /// <summary>The format, so a later release can read or refuse it.</summary>
    public const string CurrentFormat = "kore-deploy-plan/1";

    public required string Format { get; init; }

    /// <summary>The manifest's full path.</summary>
    public required string Manifest { get; init; }

    /// <summary>The SHA-256 of the manifest's bytes.</summary>
    public required string ManifestSha256 { get; init; }

    public required string Environment { get; init; }

    /// <summary>The host apply sends to.</summary>
    public required string Host { get; init; }

    /// <summary>Whether <see cref="Host"/> came from <c>--host</c>; otherwise it is the manifest environment's, and must still be.</summary>
    public required bool HostGiven { get; init; }

    /// <summary>Where the journal is.</summary>
    public required string Journal { get; init; }

    /// <summary>How far the journal had got: its events, and a digest of them.</summary>
    public required SavedJournalPosition JournalPosition { get; init; }

    public required bool Prune { get; init; }

    public required bool RetryFailed { get; init; }

    public required IReadOnlyList<SavedModelPlan> Models { get; init; }

    /// <summary>The plan of <paramref name="plan"/>, made from these inputs.</summary>
    public static SavedPlan From(Plan plan, string manifestPath, byte[] manifestBytes, string environment, Uri host, bool hostGiven, string journal, JournalContents? contents, PlanOptions options) => new()
    {
        Format = CurrentFormat,
        Manifest = manifestPath,
        ManifestSha256 = Sha256(manifestBytes),
        Environment = environment,
        Host = HostSetting.Display(host),
        HostGiven = hostGiven,
        Journal = journal,
        JournalPosition = SavedJournalPosition.Of(contents),
        Prune = options.Prune,
        RetryFailed = options.RetryFailed,
        Models = plan.Models.Select(SavedModelPlan.From).ToList(),
    };

    /// <summary>What moved between this plan and the world as it is now, or <see langword="null"/> when nothing did.</summary>
    public string? WhatMoved(byte[] manifestBytes, Uri host, JournalContents? contents, Plan plan)
    {
        if (Sha256(manifestBytes) != ManifestSha256)
        {
            return $"the manifest {Manifest} changed since the plan was saved";
        }

        if (!string.Equals(HostSetting.Display(host), Host, StringComparison.OrdinalIgnoreCase))
        {
            return $"the host moved: the plan was made for {Host}, this apply would send to {HostSetting.Display(host)}";
        }

        var now = SavedJournalPosition.Of(contents);
        if (now != JournalPosition)
        {
            return $"the journal {Journal} moved: it held {JournalPosition.Events} events when the plan was saved and holds {now.Events} now"
                + (now.Events == JournalPosition.Events ? ", not the same ones" : string.Empty);
        }

        return Models.SequenceEqual(plan.Models.Select(SavedModelPlan.From)) ? null : "planning again gives other steps";
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>How far a journal had got: whether it existed, how many events it held, and a digest of them.</summary>
/// <param name="Exists">Whether there was a journal.</param>
/// <param name="Events">How many events it held.</param>
/// <param name="Sha256">A digest of the events (what they say, not when they were written).</param>
internal sealed record SavedJournalPosition(bool Exists, int Events, string Sha256)
{
    public static SavedJournalPosition Of(JournalContents? contents)
    {
        if (contents is null)
        {
            return new(false, 0, SavedPlan.Sha256([]));
        }

        using var buffer = new MemoryStream();
        foreach (var journalEvent in contents.Events)
        {
            JsonSerializer.Serialize(buffer, JournalEntries.From(journalEvent, default), JournalJsonContext.Default.JournalEntry);
            buffer.WriteByte((byte)'\n');
        }

        return new(true, contents.Events.Count, SavedPlan.Sha256(buffer.ToArray()));
    }
}

/// <summary>One model of a saved plan: its verdict, its steps, and the settings a deploy sends.</summary>
internal sealed record SavedModelPlan
{
    public required string ModelId { get; init; }

    public required string Action { get; init; }

    public required IReadOnlyList<SavedStep> Steps { get; init; }

    /// <summary>For a model the manifest names: its model type.</summary>
    public string? ModelType { get; init; }

    /// <summary>For a model the manifest names: the digest of its type and settings.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>For a model the manifest names: the request its deploy sends (<c>isDeployedPreviously</c> set by apply).</summary>
    public JsonElement? Request { get; init; }

    public static SavedModelPlan From(ModelPlan model) => new()
    {
        ModelId = model.ModelId,
        Action = model.Action.ToString().ToLowerInvariant(),
        Steps = model.Steps.Select(s => new SavedStep(s.Call.Word(), s.Reason.Word(), s.IsDeployedPreviously, s.ResumeDockStatusId)).ToList(),
        ModelType = model.Model?.ModelType,
        Fingerprint = model.Model?.Fingerprint,
        Request = model.Model is { } resolved ? Element(resolved.Settings) : null,
    };

    /// <summary>Whether the saved request is the one its fingerprint was taken of (a plan edited after review is not).</summary>
    public bool RequestMatchesFingerprint()
    {
        if (Request is not { } request || ModelType is null || Fingerprint is null)
        {
            return Request is null;
        }

        try
        {
            var settings = Manifests.RequestFingerprint.Settings(KoreModelDeployJson.ParseDeployModelRequest(request.GetRawText()));
            return Manifests.RequestFingerprint.Compute(ModelType, settings) == Fingerprint;
        }
        catch (Exception ex) when (ex is JsonException or KoreValidationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Equal when everything apply would do is equal; the request is covered by its fingerprint.</summary>
    public bool Equals(SavedModelPlan? other) =>
        other is not null && ModelId == other.ModelId && Action == other.Action && Steps.SequenceEqual(other.Steps)
        && ModelType == other.ModelType && Fingerprint == other.Fingerprint;

    public override int GetHashCode() => HashCode.Combine(ModelId, Action, Fingerprint);

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>One step of a saved plan.</summary>
/// <param name="Call"><c>deploy</c> or <c>undeploy</c>.</param>
/// <param name="Reason">Why, as the journal records it.</param>
/// <param name="IsDeployedPreviously">For a deploy, the flag sent.</param>
/// <param name="ResumeDockStatusId">For a job started earlier, the id apply waits on.</param>
internal sealed record SavedStep(string Call, string Reason, bool? IsDeployedPreviously, string? ResumeDockStatusId);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SavedPlan))]
internal sealed partial class SavedPlanJsonContext : JsonSerializerContext;
