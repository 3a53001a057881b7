using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Sdk.Events;

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
