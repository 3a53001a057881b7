using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Events;

/// <summary>
/// A domain event, written to the store's outbox in the same transaction as the ledger change that caused it, and
/// read by hosts with <see cref="LoyaltyEngineEvents.ReadEventsAsync"/> or <see cref="LoyaltyEngineEvents.DeliverEventsAsync"/>
/// (at-least-once: deduplicate by <see cref="EventId"/>). Serialises with System.Text.Json and default options:
/// <see cref="ToJson"/> writes a <c>type</c> discriminator first, and <see cref="FromJson"/> reads it back.
/// </summary>
/// <remarks>Events are immutable and thread-safe.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PointsEarned), nameof(PointsEarned))]
[JsonDerivedType(typeof(PointsRedeemed), nameof(PointsRedeemed))]
[JsonDerivedType(typeof(PointsExpired), nameof(PointsExpired))]
[JsonDerivedType(typeof(PointsExpiringSoon), nameof(PointsExpiringSoon))]
[JsonDerivedType(typeof(TierChanged), nameof(TierChanged))]
[JsonDerivedType(typeof(RewardRedeemed), nameof(RewardRedeemed))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(WinBackTriggered), nameof(WinBackTriggered))]
public abstract record LoyaltyEvent
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Gets the event id, unique within the program: the member id's length and the member id, the command's key (keys
    /// are scoped to their member) and the event's ordinal, such as <c>3:ana/order:1:earn#0</c>.
    /// </summary>
    [JsonInclude]
    public string EventId { get; internal set; } = string.Empty;

    /// <summary>Gets the program.</summary>
    [JsonInclude]
    public string ProgramId { get; internal set; } = string.Empty;

    /// <summary>Gets the member.</summary>
    [JsonInclude]
    public string MemberId { get; internal set; } = string.Empty;

    /// <summary>Gets when the change took effect.</summary>
    [JsonInclude]
    [JsonConverter(typeof(InstantJsonConverter))]
    public Instant OccurredAt { get; internal set; }

    /// <summary>Gets the idempotency key of the command that caused the event.</summary>
    [JsonInclude]
    public string CommandKey { get; internal set; } = string.Empty;

    /// <summary>Gets the event's type name (the JSON discriminator).</summary>
    [JsonIgnore]
    public string Type => GetType().Name;

    /// <summary>Serialises the event with its <c>type</c> discriminator.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads an event written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not an event.</exception>
    public static LoyaltyEvent FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<LoyaltyEvent>(json, Options) ?? throw new JsonException("The JSON is null, not an event.");
    }
}

/// <summary>Points were credited: an order, an activity, a task, a birthday, a win-back bonus or a positive adjustment.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsEarned : LoyaltyEvent
{
    /// <summary>Gets the points.</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the order, for order earns.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the activity (or <c>task:…</c>), for activity earns.</summary>
    public string? ActivityType { get; init; }

    /// <summary>Gets the reason, for adjustments and grants.</summary>
    public string? Reason { get; init; }
}

/// <summary>Points were spent: at checkout or on a reward.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsRedeemed : LoyaltyEvent
{
    /// <summary>Gets the points (positive).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the order, for checkout redemptions.</summary>
    public string? OrderId { get; init; }

    /// <summary>Gets the reward, for reward redemptions.</summary>
    public string? RewardId { get; init; }
}

/// <summary>Points expired (materialised by a command or the expiry job).</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsExpired : LoyaltyEvent
{
    /// <summary>Gets the points (positive).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the ledger entry's sequence.</summary>
    public required long Sequence { get; init; }
}

/// <summary>Points will expire soon unless spent: written once per member and expiry instant by the reminder job.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record PointsExpiringSoon : LoyaltyEvent
{
    /// <summary>Gets the points expiring in the window.</summary>
    public required long Points { get; init; }

    /// <summary>Gets the first expiry instant in the window.</summary>
    [JsonConverter(typeof(InstantJsonConverter))]
    public required Instant FirstExpiresAt { get; init; }

    /// <summary>Gets the points expiring at <see cref="FirstExpiresAt"/>.</summary>
    public required long PointsAtFirstExpiry { get; init; }
}

/// <summary>The member's tier changed.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record TierChanged : LoyaltyEvent
{
    /// <summary>Gets the previous tier, when known.</summary>
    public string? FromTier { get; init; }

    /// <summary>Gets the new tier.</summary>
    public required string ToTier { get; init; }

    /// <summary>Gets the reason, with the figures.</summary>
    public string? Reason { get; init; }
}

/// <summary>A reward was claimed: redeemed for points, or granted (birthday, win-back).</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record RewardRedeemed : LoyaltyEvent
{
    /// <summary>Gets the reward.</summary>
    public required string RewardId { get; init; }

    /// <summary>Gets the claim's key.</summary>
    public required string ClaimKey { get; init; }

    /// <summary>Gets the points paid (0 when granted).</summary>
    public required long Points { get; init; }

    /// <summary>Gets the claim's status (Reserved or Issued).</summary>
    public required string Status { get; init; }

    /// <summary>Gets the voucher code, for coupons.</summary>
    public string? VoucherCode { get; init; }

    /// <summary>Gets the voucher's expiry, for coupons.</summary>
    [JsonConverter(typeof(NullableInstantJsonConverter))]
    public Instant? VoucherExpiresAt { get; init; }

    /// <summary>Gets why the reward was granted, when it was not redeemed.</summary>
    public string? Reason { get; init; }
}

/// <summary>A task was completed and its points awarded.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record TaskCompleted : LoyaltyEvent
{
    /// <summary>Gets the task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets the first local date of the period, <c>yyyy-MM-dd</c>.</summary>
    public required string PeriodStart { get; init; }

    /// <summary>Gets the points awarded.</summary>
    public required long Points { get; init; }
}

/// <summary>A win-back rule targeted the member (whatever its action), for the host's messaging.</summary>
/// <remarks>This type is immutable and thread-safe once published.</remarks>
public sealed record WinBackTriggered : LoyaltyEvent
{
    /// <summary>Gets the rule.</summary>
    public required string RuleId { get; init; }

    /// <summary>Gets the first local date of the campaign period, <c>yyyy-MM-dd</c>.</summary>
    public required string PeriodStart { get; init; }

    /// <summary>Gets the action taken: <c>BonusPoints</c>, <c>IssueReward</c> or <c>EmitEvent</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets why the member was targeted.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}

/// <summary>An event as read from the outbox, with its position.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cursor">The position: pass it to read what follows.</param>
/// <param name="Event">The event.</param>
public sealed record OutboxEvent(EventCursor Cursor, LoyaltyEvent Event);

/// <summary>
/// A position in a program's outbox. Events are read in cursor order, and a reader never misses an event committed
/// after it read past that position (PostgreSQL orders by transaction id and only reads transactions older than every
/// running one; SQLite and in-memory stores commit one at a time).
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Transaction">The committing transaction's order (0 for stores that commit one at a time).</param>
/// <param name="Position">The event's position.</param>
public readonly record struct EventCursor(long Transaction, long Position) : IComparable<EventCursor>
{
    /// <summary>Gets the cursor before the first event.</summary>
    public static EventCursor Start => default;

    /// <inheritdoc />
    public int CompareTo(EventCursor other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Position.CompareTo(other.Position);

    /// <inheritdoc />
    public override string ToString() => $"{Transaction}:{Position}";
}

/// <summary>Writes instants as ISO 8601 UTC text (<c>2026-03-01T09:00:00Z</c>).</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

/// <summary>Writes optional instants as ISO 8601 UTC text or null.</summary>
internal sealed class NullableInstantJsonConverter : JsonConverter<Instant?>
{
    public override bool HandleNull => true;

    public override Instant? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, Instant? value, JsonSerializerOptions options)
    {
        if (value is { } instant)
        {
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(instant));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
