using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

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
