using System.Text.Json.Serialization;
using NodaTime;

namespace Loyalty.Sdk.Events;

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
