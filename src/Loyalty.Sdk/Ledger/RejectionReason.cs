namespace Loyalty.Sdk.Ledger;

/// <summary>Why a command was rejected: an expected business outcome, not misuse. A rejected command changes nothing.</summary>
public enum RejectionReason
{
    /// <summary>The member has fewer available points than the command needs.</summary>
    InsufficientPoints = 1,

    /// <summary>The redemption is below the program's minimum.</summary>
    BelowMinimum = 2,

    /// <summary>The member has no account (nothing was ever earned).</summary>
    UnknownMember = 3,

    /// <summary>The idempotency key was already used with a different payload.</summary>
    IdempotencyConflict = 4,

    /// <summary>The order has already earned points for this member.</summary>
    OrderAlreadyEarned = 5,

    /// <summary>The order never earned points for this member.</summary>
    UnknownOrder = 6,

    /// <summary>A returned line is not part of the order.</summary>
    UnknownOrderLine = 7,

    /// <summary>More units are returned than were bought and not returned yet.</summary>
    ReturnExceedsOrder = 8,

    /// <summary>No redemption with the given key exists for this member.</summary>
    UnknownRedemption = 9,

    /// <summary>More points are refunded than the redemption has left to refund.</summary>
    RefundExceedsRedemption = 10,

    /// <summary>No exchange rate from the order's currency into the base currency is known.</summary>
    ExchangeRateUnavailable = 11,

    /// <summary>Concurrent commands on the same account kept conflicting after the engine's bounded retries.</summary>
    ConcurrencyConflict = 12,

    /// <summary>The redemption uses more points than the program allows on one order.</summary>
    AboveMaximumPerOrder = 13,

    /// <summary>The redemption's value is a larger share of the order than the program allows.</summary>
    AboveMaximumShareOfOrder = 14,

    /// <summary>The program caps redemptions at a share of the order, and the command did not give the order's value.</summary>
    OrderValueRequired = 15,

    /// <summary>The activity has no rule in the program, and the command gave no points.</summary>
    UnknownActivity = 16,

    /// <summary>The member did this activity as often as its rule allows in the current period.</summary>
    ActivityCapReached = 17,

    /// <summary>The member earned as many points as the program allows in the current period.</summary>
    PeriodCapReached = 18,

    /// <summary>A tier floor names a tier that is not in the program's ladder, or the program has no tiers.</summary>
    UnknownTier = 19,

    /// <summary>The reward is not in the program's catalogue, or cannot be redeemed for points.</summary>
    UnknownReward = 20,

    /// <summary>The reward cannot be redeemed today (outside its availability window, in the program's zone).</summary>
    RewardNotAvailable = 21,

    /// <summary>The member's tier may not redeem the reward (below its minimum tier, or not one of its exclusive tiers).</summary>
    RewardTierRequired = 22,

    /// <summary>The member reached the reward's limit (per member, or per member per period).</summary>
    RewardLimitReached = 23,

    /// <summary>No unit of the reward's stock is available.</summary>
    RewardOutOfStock = 24,

    /// <summary>The member has no reward claim with the given key.</summary>
    UnknownClaim = 25,

    /// <summary>The claim cannot make that change from its current status (fulfilling a cancelled claim, cancelling a used voucher...).</summary>
    ClaimNotChangeable = 26,

    /// <summary>The member has no voucher with the given code.</summary>
    UnknownVoucher = 27,

    /// <summary>The voucher was already used.</summary>
    VoucherAlreadyUsed = 28,

    /// <summary>The voucher expired (or its claim was cancelled).</summary>
    VoucherExpired = 29,

    /// <summary>The grant was already made for this period (a birthday this year, a win-back this campaign period).</summary>
    AlreadyGranted = 30,

    /// <summary>The occasion has not come (or its grace days passed), or the program has no rule for it, or the member has no birthday on file.</summary>
    NotEligible = 31,

    /// <summary>The member has no points expiring in the reminder window.</summary>
    NothingExpiring = 32,

    /// <summary>
    /// The command would pass one of the program's bounds: more points in one command than
    /// <see cref="LoyaltyProgram.MaxPointsPerCommand"/>, more lifetime credits for the member than
    /// <see cref="LoyaltyProgram.MaxPointsPerMember"/>, or an amount outside <see cref="LoyaltyLimits"/>. The message names the bound.
    /// </summary>
    LimitExceeded = 33,
}
