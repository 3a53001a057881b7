using System.Collections.Generic;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk.Configuration;

/// <summary>A reward as data (see <see cref="Engagement.Reward"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class RewardDefinition
{
    /// <summary>Gets or sets the id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the kind.</summary>
    public Engagement.RewardKind Kind { get; set; }

    /// <summary>Gets or sets the price in points.</summary>
    public long Points { get; set; }

    /// <summary>Gets or sets the cash part's amount, for points + cash.</summary>
    public decimal? CashAmount { get; set; }

    /// <summary>Gets or sets the cash part's ISO 4217 currency.</summary>
    public string? CashCurrency { get; set; }

    /// <summary>Gets or sets a value indicating whether stock is tracked.</summary>
    public bool TracksStock { get; set; }

    /// <summary>Gets or sets the first local date it can be redeemed.</summary>
    public LocalDate? AvailableFrom { get; set; }

    /// <summary>Gets or sets the last local date it can be redeemed.</summary>
    public LocalDate? AvailableUntil { get; set; }

    /// <summary>Gets or sets the limit per member.</summary>
    public int? MaxPerMember { get; set; }

    /// <summary>Gets or sets the limit per member per period.</summary>
    public int? MaxPerMemberPerPeriod { get; set; }

    /// <summary>Gets or sets the limit for all members together per period.</summary>
    public int? MaxPerPeriod { get; set; }

    /// <summary>Gets or sets the period of the per-period limits.</summary>
    public CapPeriod LimitPeriod { get; set; } = CapPeriod.Month;

    /// <summary>Gets or sets the minimum tier.</summary>
    public string? MinimumTier { get; set; }

    /// <summary>Gets or sets the only tiers that may redeem it.</summary>
    public List<string> Tiers { get; set; } = [];

    /// <summary>Gets or sets the product categories it relates to.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Gets or sets the voucher validity, for coupons (ISO 8601, such as <c>P30D</c>).</summary>
    public Period? VoucherValidity { get; set; }

    /// <summary>Gets or sets a value indicating whether members can redeem it for points.</summary>
    public bool Redeemable { get; set; } = true;
}
