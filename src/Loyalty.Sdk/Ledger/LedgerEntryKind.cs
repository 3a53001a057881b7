namespace Loyalty.Sdk.Ledger;

/// <summary>The kind of an append-only ledger entry.</summary>
public enum LedgerEntryKind
{
    /// <summary>Points earned from an order or an activity (a credit that creates a lot).</summary>
    Earn = 0,

    /// <summary>Points spent (a debit from available lots).</summary>
    Redeem = 1,

    /// <summary>Points clawed back because an order was returned or cancelled.</summary>
    Reverse = 2,

    /// <summary>Points restored because a redemption was refunded.</summary>
    RedemptionRefund = 3,

    /// <summary>Points that expired.</summary>
    Expire = 4,

    /// <summary>A manual correction, positive or negative, with a reason.</summary>
    Adjust = 5,

    /// <summary>The member's tier changed (amount 0): <see cref="LedgerEntry.Tier"/> is the new tier, <see cref="LedgerEntry.Reason"/> says why.</summary>
    TierChange = 6,

    /// <summary>A manual tier floor was set or cleared (amount 0): <see cref="LedgerEntry.Tier"/> is the floor, or null when cleared.</summary>
    TierFloor = 7,
}
