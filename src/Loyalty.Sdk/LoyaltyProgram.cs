using System;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Rules;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>
/// A validated, immutable loyalty program definition: currency, time zone, conversion and rounding, pending period,
/// expiry and reversal policies. Create one with <see cref="LoyaltyProgramBuilder"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class LoyaltyProgram
{
    internal LoyaltyProgram(
        ProgramId id,
        CurrencyCode baseCurrency,
        DateTimeZone timeZone,
        decimal pointsPerCurrencyUnit,
        PointsRounding rounding,
        int pendingDays,
        ExpiryPolicy expiry,
        ReversalPolicy reversalPolicy,
        Points minimumRedemption,
        IExchangeRateProvider? exchangeRates,
        EarningRules earning,
        Points? maximumRedemptionPerOrder,
        decimal? maximumRedemptionShare,
        decimal pointValue,
        bool earnOnCashPartOnly,
        decimal costPerPoint,
        Tiers.TierLadder? tiers,
        Engagement.EngagementRules engagement,
        Points maxPointsPerCommand,
        Points maxPointsPerMember)
    {
        MaxPointsPerCommand = maxPointsPerCommand;
        MaxPointsPerMember = maxPointsPerMember;
        Id = id;
        BaseCurrency = baseCurrency;
        TimeZone = timeZone;
        PointsPerCurrencyUnit = pointsPerCurrencyUnit;
        Rounding = rounding;
        PendingDays = pendingDays;
        Expiry = expiry;
        ReversalPolicy = reversalPolicy;
        MinimumRedemption = minimumRedemption;
        ExchangeRates = exchangeRates;
        Earning = earning;
        MaximumRedemptionPerOrder = maximumRedemptionPerOrder;
        MaximumRedemptionShareOfOrder = maximumRedemptionShare;
        PointValue = pointValue;
        EarnOnCashPartOnly = earnOnCashPartOnly;
        CostPerPoint = costPerPoint;
        Tiers = tiers;
        Engagement = engagement;
    }

    /// <summary>Gets the most points one command may credit or debit.</summary>
    public Points MaxPointsPerCommand { get; }

    /// <summary>Gets the most points one member may be credited over the life of the account.</summary>
    public Points MaxPointsPerMember { get; }

    /// <summary>Gets the rewards catalogue, tasks, tier perks and birthday/anniversary rewards.</summary>
    public Engagement.EngagementRules Engagement { get; }

    /// <summary>Gets the membership tier ladder, or <see langword="null"/> when the program has no tiers.</summary>
    public Tiers.TierLadder? Tiers { get; }

    /// <summary>Gets the program id.</summary>
    public ProgramId Id { get; }

    /// <summary>Gets the currency points are earned in.</summary>
    public CurrencyCode BaseCurrency { get; }

    /// <summary>Gets the time zone of calendar rules.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the points earned per unit of the base currency.</summary>
    public decimal PointsPerCurrencyUnit { get; }

    /// <summary>Gets the rounding of exact points to whole points.</summary>
    public PointsRounding Rounding { get; }

    /// <summary>Gets the number of days an order's points stay pending.</summary>
    public int PendingDays { get; }

    /// <summary>Gets the expiry policy.</summary>
    public ExpiryPolicy Expiry { get; }

    /// <summary>Gets the reversal policy.</summary>
    public ReversalPolicy ReversalPolicy { get; }

    /// <summary>Gets the smallest redemption.</summary>
    public Points MinimumRedemption { get; }

    /// <summary>Gets the exchange-rate provider, if any.</summary>
    public IExchangeRateProvider? ExchangeRates { get; }

    /// <summary>Gets the earning rules.</summary>
    public EarningRules Earning { get; }

    /// <summary>Gets the most points one redemption may use on an order, if limited.</summary>
    public Points? MaximumRedemptionPerOrder { get; }

    /// <summary>Gets the largest share of an order's value that points may pay, if limited.</summary>
    public decimal? MaximumRedemptionShareOfOrder { get; }

    /// <summary>Gets the value of one point in the base currency.</summary>
    public decimal PointValue { get; }

    /// <summary>Gets a value indicating whether orders partly paid with points earn on the cash part only.</summary>
    public bool EarnOnCashPartOnly { get; }

    /// <summary>Gets what one outstanding point costs the program, in the base currency.</summary>
    public decimal CostPerPoint { get; }

    /// <summary>Creates a builder holding this program's definition, to derive a changed program.</summary>
    /// <returns>A new builder.</returns>
    public LoyaltyProgramBuilder ToBuilder() => new()
    {
        Id = Id.Value,
        BaseCurrency = BaseCurrency.Code,
        TimeZoneId = TimeZone.Id,
        PointsPerCurrencyUnit = PointsPerCurrencyUnit,
        Rounding = Rounding,
        PendingDays = PendingDays,
        Expiry = Expiry,
        ReversalPolicy = ReversalPolicy,
        MinimumRedemptionPoints = MinimumRedemption.Value,
        ExchangeRates = ExchangeRates,
        Earning = Earning,
        MaximumRedemptionPointsPerOrder = MaximumRedemptionPerOrder?.Value,
        MaximumRedemptionShareOfOrder = MaximumRedemptionShareOfOrder,
        PointValue = PointValue,
        EarnOnCashPartOnly = EarnOnCashPartOnly,
        CostPerPoint = CostPerPoint,
        Tiers = Tiers,
        Engagement = Engagement,
        MaxPointsPerCommand = MaxPointsPerCommand.Value,
        MaxPointsPerMember = MaxPointsPerMember.Value,
    };

    /// <summary>Gets the instant an order's points become available: <see cref="PendingDays"/> local days after the order.</summary>
    internal Instant AvailableAt(Instant orderedAt)
    {
        if (PendingDays == 0)
        {
            return orderedAt;
        }

        var local = orderedAt.InZone(TimeZone).LocalDateTime.PlusDays(PendingDays);
        return local.InZoneLeniently(TimeZone).ToInstant();
    }

    /// <summary>Converts an exact amount of points with the program's rounding.</summary>
    /// <exception cref="OverflowException">The amount does not fit in 64 bits.</exception>
    internal Points Round(decimal exactPoints) => Points.FromInt64(Rounding.Apply(exactPoints));
}
