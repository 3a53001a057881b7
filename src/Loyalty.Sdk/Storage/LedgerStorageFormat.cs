using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage.Format;
using Loyalty.Sdk.Tiers;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The text form of the parts of an account that a store keeps as opaque values: counters, tier state, profile,
/// reward claims, accrual lines, qualifying changes and outbox events. Every adapter (these packages' and third parties') writes and reads them
/// through this class only, so their bytes are one format, versioned here: a reader of version N reads every earlier
/// version (golden files written by earlier versions are tested). An empty string stands for "none".
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public static class LedgerStorageFormat
{
    /// <summary>
    /// Gets the format version this library writes. Version 1 is the first published; it reads the rows written
    /// before it was published, whose counters named lifetime periods by the date 2000-01-01.
    /// </summary>
    public const int Version = 1;

    /// <summary>
    /// Writes an outbox event as a store keeps it: its JSON without the program (the row's), the member and the
    /// command key (both inside its event id) and null properties.
    /// </summary>
    /// <param name="e">The event.</param>
    /// <returns>The text.</returns>
    public static string WriteEvent(LoyaltyEvent e) => EventDocument.Write(Guard.NotNull(e));

    /// <summary>Reads an outbox event written by <see cref="WriteEvent"/> or, before it, by <see cref="LoyaltyEvent.ToJson"/>.</summary>
    /// <param name="programId">The program of the row it was read from.</param>
    /// <param name="text">The text.</param>
    /// <returns>The event, with its program, member and command key.</returns>
    /// <exception cref="System.Text.Json.JsonException">The text is not an event.</exception>
    public static LoyaltyEvent ReadEvent(ProgramId programId, string text) => EventDocument.Read(programId, Guard.NotNull(text));

    /// <summary>Writes an account's counters: <c>[[name, "yyyy-MM-dd" or null, value], …]</c>.</summary>
    /// <param name="counters">The counters.</param>
    /// <returns>The text; empty when there are none.</returns>
    public static string WriteCounters(IReadOnlyList<PeriodCounter> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return counters.Count == 0 ? string.Empty : JsonSerializer.Serialize(StorageDocuments.From(counters), StorageJsonContext.Default.ListCounterDocument);
    }

    /// <summary>Reads counters written by <see cref="WriteCounters"/> (or before version 1).</summary>
    /// <param name="text">The text; null or empty for none.</param>
    /// <returns>The counters.</returns>
    /// <exception cref="FormatException">The text is not counters.</exception>
    public static IReadOnlyList<PeriodCounter> ReadCounters(string? text) =>
        string.IsNullOrEmpty(text) ? [] : Read(text, "counters", StorageJsonContext.Default.ListCounterDocument, StorageDocuments.To);

    /// <summary>Writes a member's tier state.</summary>
    /// <param name="state">The state, or null.</param>
    /// <returns>The text; empty for null.</returns>
    public static string WriteTier(TierState? state) =>
        state is null ? string.Empty : JsonSerializer.Serialize(StorageDocuments.From(state), StorageJsonContext.Default.TierStateDocument);

    /// <summary>Reads a tier state written by <see cref="WriteTier"/>.</summary>
    /// <param name="text">The text; null or empty for none.</param>
    /// <returns>The state, or null.</returns>
    /// <exception cref="FormatException">The text is not a tier state.</exception>
    public static TierState? ReadTier(string? text) =>
        string.IsNullOrEmpty(text) ? null : Read(text, "tier state", StorageJsonContext.Default.TierStateDocument, StorageDocuments.To);

    /// <summary>Writes a member's profile.</summary>
    /// <param name="profile">The profile, or null.</param>
    /// <returns>The text; empty for null.</returns>
    public static string WriteProfile(MemberProfile? profile) =>
        profile is null ? string.Empty : JsonSerializer.Serialize(StorageDocuments.From(profile), StorageJsonContext.Default.ProfileDocument);

    /// <summary>Reads a profile written by <see cref="WriteProfile"/>.</summary>
    /// <param name="text">The text; null or empty for none.</param>
    /// <returns>The profile, or null.</returns>
    /// <exception cref="FormatException">The text is not a profile.</exception>
    public static MemberProfile? ReadProfile(string? text) =>
        string.IsNullOrEmpty(text) ? null : Read(text, "profile", StorageJsonContext.Default.ProfileDocument, StorageDocuments.To);

    /// <summary>Writes a reward claim's body (everything but its program, member and key, which a store keeps as columns).</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The text.</returns>
    public static string WriteClaim(RewardClaim claim) =>
        JsonSerializer.Serialize(StorageDocuments.From(Guard.NotNull(claim)), StorageJsonContext.Default.ClaimDocument);

    /// <summary>Reads a claim written by <see cref="WriteClaim"/>.</summary>
    /// <param name="programId">The program (a column).</param>
    /// <param name="memberId">The member (a column).</param>
    /// <param name="key">The claim's key (a column).</param>
    /// <param name="text">The body.</param>
    /// <returns>The claim.</returns>
    /// <exception cref="FormatException">The text is not a claim.</exception>
    public static RewardClaim ReadClaim(ProgramId programId, MemberId memberId, IdempotencyKey key, string text) =>
        Read(Guard.NotNull(text), "reward claim", StorageJsonContext.Default.ClaimDocument, document => StorageDocuments.To(document, programId, memberId, key));

    /// <summary>
    /// Writes an order's accrual lines: <c>[[lineId, sku, category, units, unitPrice, baseAmount, pointsPerUnit,
    /// multiplier, points, returnedUnits, reversedPoints, [rules]], …]</c>: decimals as JSON numbers with their scale
    /// kept, the trailing elements left out while they hold their defaults (0, 0, no rules). The quoted decimals
    /// written before version 1.1 still read.
    /// </summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The text.</returns>
    public static string WriteAccrualLines(IReadOnlyList<AccrualLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return JsonSerializer.Serialize(lines, StorageJsonContext.Default.IReadOnlyListAccrualLine);
    }

    /// <summary>Reads accrual lines written by <see cref="WriteAccrualLines"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The lines, in order.</returns>
    /// <exception cref="FormatException">The text is not accrual lines.</exception>
    public static IReadOnlyList<AccrualLine> ReadAccrualLines(string text) =>
        Read(Guard.NotNull(text), "accrual lines", StorageJsonContext.Default.IReadOnlyListAccrualLine, lines => lines);

    /// <summary>Writes an entry's qualifying change: <c>yyyy-MM-dd|points|spend|orders</c>.</summary>
    /// <param name="change">The change, or null.</param>
    /// <returns>The text; empty for null.</returns>
    public static string WriteQualifying(QualifyingChange? change) => change is { } c ? c.ToStorage() : string.Empty;

    /// <summary>Reads a qualifying change written by <see cref="WriteQualifying"/>.</summary>
    /// <param name="text">The text; null or empty for none.</param>
    /// <returns>The change, or null.</returns>
    /// <exception cref="FormatException">The text is not a qualifying change.</exception>
    public static QualifyingChange? ReadQualifying(string? text)
    {
        try
        {
            return QualifyingChange.FromStorage(text);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or NodaTime.Text.UnparsableValueException or OverflowException)
        {
            throw new FormatException($"'{text}' is not a stored qualifying change.", ex);
        }
    }

    /// <summary>
    /// Compares two strings in Unicode code-point order: the order in which stores page accounts and list claims
    /// (PostgreSQL's "C" collation, SQLite's BINARY on UTF-8). UTF-16 ordinal order differs for characters past U+FFFF.
    /// </summary>
    /// <param name="left">A string.</param>
    /// <param name="right">Another.</param>
    /// <returns>Negative, zero or positive.</returns>
    public static int CompareCodePoints(string? left, string? right) => Guard.CompareCodePoints(left, right);

    private static T Read<TDocument, T>(string text, string what, JsonTypeInfo<TDocument> info, Func<TDocument, T> map)
    {
        try
        {
            return map(JsonSerializer.Deserialize(text, info) ?? throw new FormatException($"The stored {what} is null."));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or OverflowException or NodaTime.Text.UnparsableValueException or ArgumentException)
        {
            throw new FormatException($"The stored {what} cannot be read: {ex.Message}", ex);
        }
    }
}
