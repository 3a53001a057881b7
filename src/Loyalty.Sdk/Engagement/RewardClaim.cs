using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// A member's claim on a reward: what was paid, the stock it holds, and for coupons the voucher. Its key is the
/// idempotency key of the command that created it (a redemption, a birthday grant, a win-back).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RewardClaim
{
    /// <summary>Gets the program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Gets the member.</summary>
    public required MemberId MemberId { get; init; }

    /// <summary>Gets the claim key: the idempotency key of the command that created the claim.</summary>
    public required IdempotencyKey Key { get; init; }

    /// <summary>Gets the reward.</summary>
    public required string RewardId { get; init; }

    /// <summary>Gets the reward's kind.</summary>
    public RewardKind Kind { get; init; }

    /// <summary>Gets the status.</summary>
    public ClaimStatus Status { get; init; }

    /// <summary>Gets the points paid (0 for a granted reward).</summary>
    public Points Points { get; init; }

    /// <summary>Gets the cash part the host collects, if any.</summary>
    public Money? Cash { get; init; }

    /// <summary>Gets a value indicating whether the claim holds (or held) one unit of tracked stock.</summary>
    public bool HoldsStock { get; init; }

    /// <summary>Gets the program-wide period count the claim took a place in (<see cref="Reward.MaxPerPeriod"/>), if any; cancelling gives it back.</summary>
    public string? QuotaKey { get; init; }

    /// <summary>Gets when the claim was made.</summary>
    public required Instant ClaimedAt { get; init; }

    /// <summary>Gets the first local date of the limit period the claim counts in.</summary>
    public LocalDate PeriodStart { get; init; }

    /// <summary>Gets the sequence of the Redeem entry that paid for the claim, when points were paid.</summary>
    public long? RedeemSequence { get; init; }

    /// <summary>Gets when the claim was fulfilled or cancelled.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets the voucher code, for coupons.</summary>
    public string? VoucherCode { get; init; }

    /// <summary>Gets the end of the voucher's validity, for coupons.</summary>
    public Instant? VoucherExpiresAt { get; init; }

    /// <summary>Gets when the voucher was used (vouchers are single-use).</summary>
    public Instant? VoucherUsedAt { get; init; }

    /// <summary>Gets why the claim was made, for granted rewards (<c>birthday:2026</c>, <c>win-back:lapsed</c>).</summary>
    public string? Reason { get; init; }
}
