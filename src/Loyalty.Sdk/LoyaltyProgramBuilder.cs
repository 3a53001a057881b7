using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Expiry;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>
/// The mutable definition of a loyalty program; <see cref="Build"/> validates it and returns an immutable
/// <see cref="LoyaltyProgram"/>.
/// </summary>
/// <remarks>This type is not thread-safe; build once and share the resulting program.</remarks>
public sealed class LoyaltyProgramBuilder
{
    /// <summary>Gets or sets the program id (the tenant).</summary>
    /// <value>Required.</value>
    public string? Id { get; set; }

    /// <summary>Gets or sets the ISO 4217 code of the currency points are earned in.</summary>
    /// <value>Required.</value>
    public string? BaseCurrency { get; set; }

    /// <summary>Gets or sets the IANA time zone id in which calendar rules (expiry dates, campaigns) are evaluated.</summary>
    /// <value>The default is <c>Etc/UTC</c>.</value>
    public string TimeZoneId { get; set; } = "Etc/UTC";

    /// <summary>Gets or sets the provider that resolves <see cref="TimeZoneId"/>.</summary>
    /// <value>The default is <see cref="DateTimeZoneProviders.Tzdb"/>.</value>
    public IDateTimeZoneProvider TimeZoneProvider { get; set; } = DateTimeZoneProviders.Tzdb;

    /// <summary>Gets or sets the points earned per unit of the base currency.</summary>
    /// <value>The default is 1.</value>
    public decimal PointsPerCurrencyUnit { get; set; } = 1m;

    /// <summary>Gets or sets how exact points are rounded to whole points, for awards and reversals alike.</summary>
    /// <value>The default is <see cref="PointsRounding.Floor"/>.</value>
    public PointsRounding Rounding { get; set; } = PointsRounding.Floor;

    /// <summary>Gets or sets the number of days after an order during which its points are pending (the return window).</summary>
    /// <value>The default is 0 (available at once).</value>
    public int PendingDays { get; set; }

    /// <summary>Gets or sets when points expire.</summary>
    /// <value>The default is <see cref="ExpiryPolicy.Never"/>.</value>
    public ExpiryPolicy Expiry { get; set; } = ExpiryPolicy.Never;

    /// <summary>Gets or sets what a return does when the points to claw back were already spent.</summary>
    /// <value>The default is <see cref="ReversalPolicy.Debt"/>.</value>
    public ReversalPolicy ReversalPolicy { get; set; } = ReversalPolicy.Debt;

    /// <summary>Gets or sets the smallest number of points a single redemption may use.</summary>
    /// <value>The default is 1.</value>
    public long MinimumRedemptionPoints { get; set; } = 1;

    /// <summary>Gets or sets the most points one redemption may use on an order.</summary>
    /// <value>The default is no maximum.</value>
    public long? MaximumRedemptionPointsPerOrder { get; set; }

    /// <summary>Gets or sets the largest share (0 to 1) of an order's value that points may pay.</summary>
    /// <value>The default is no maximum; when set, redemptions must give the order's value.</value>
    public decimal? MaximumRedemptionShareOfOrder { get; set; }

    /// <summary>Gets or sets the value of one point in the base currency, used for the share rule.</summary>
    /// <value>The default is 0.01 (100 points buy one unit of the base currency).</value>
    public decimal PointValue { get; set; } = 0.01m;

    /// <summary>Gets or sets what one outstanding point costs the program, in the base currency, for liability reports.</summary>
    /// <value>The default is 0.01.</value>
    public decimal CostPerPoint { get; set; } = 0.01m;

    /// <summary>Gets or sets a value indicating whether orders partly paid with points earn on the cash part only.</summary>
    /// <value>The default is <see langword="true"/>: the part paid with points earns nothing.</value>
    public bool EarnOnCashPartOnly { get; set; } = true;

    /// <summary>Gets or sets the most points one command may credit or debit; a command that would pass it is rejected with <see cref="Ledger.RejectionReason.LimitExceeded"/>.</summary>
    /// <value>The default is <see cref="LoyaltyLimits.MaxPointsPerCommand"/>, which is also the largest allowed value.</value>
    public long MaxPointsPerCommand { get; set; } = LoyaltyLimits.MaxPointsPerCommand;

    /// <summary>Gets or sets the most points one member may be credited over the life of the account; a credit that would pass it is rejected with <see cref="Ledger.RejectionReason.LimitExceeded"/>.</summary>
    /// <value>The default is <see cref="LoyaltyLimits.MaxPointsPerMember"/>, which is also the largest allowed value.</value>
    public long MaxPointsPerMember { get; set; } = LoyaltyLimits.MaxPointsPerMember;

    /// <summary>Gets or sets the earning rules: exclusions, multipliers, campaigns, minimum order value, per-order cap.</summary>
    /// <value>The default is <see cref="Rules.EarningRules.None"/>.</value>
    public Rules.EarningRules Earning { get; set; } = Rules.EarningRules.None;

    /// <summary>Gets or sets the provider of exchange rates for orders not in the base currency.</summary>
    /// <value>The default is none: such orders are rejected with <see cref="Ledger.RejectionReason.ExchangeRateUnavailable"/>.</value>
    public IExchangeRateProvider? ExchangeRates { get; set; }

    /// <summary>Gets or sets the membership tier ladder.</summary>
    /// <value>The default is none: the program has no tiers.</value>
    public Tiers.TierLadder? Tiers { get; set; }

    /// <summary>Gets or sets the rewards catalogue, tasks, tier perks and birthday/anniversary rewards.</summary>
    /// <value>The default is <see cref="Engagement.EngagementRules.None"/>.</value>
    public Engagement.EngagementRules Engagement { get; set; } = Sdk.Engagement.EngagementRules.None;

    /// <summary>Validates the definition and builds the immutable program.</summary>
    /// <returns>The program.</returns>
    /// <exception cref="ProgramValidationException">The definition is invalid; the exception lists every problem.</exception>
    public LoyaltyProgram Build()
    {
        var errors = new List<string>();
        ProgramId id = default;
        CurrencyCode currency = default;
        DateTimeZone? zone = null;

        try
        {
            id = ProgramId.From(Id!);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{nameof(Id)}: {FirstLine(ex)}");
        }

        if (!CurrencyCode.TryParse(BaseCurrency, out currency))
        {
            errors.Add($"{nameof(BaseCurrency)}: '{BaseCurrency}' is not an ISO 4217 currency code.");
        }

        if (TimeZoneProvider is null)
        {
            errors.Add($"{nameof(TimeZoneProvider)}: a time zone provider is required.");
        }
        else if (TimeZoneId is null || (zone = TimeZoneProvider.GetZoneOrNull(TimeZoneId)) is null)
        {
            errors.Add($"{nameof(TimeZoneId)}: '{TimeZoneId}' is not a time zone id known to {TimeZoneProvider.VersionId}.");
        }

        if (PointsPerCurrencyUnit <= 0 || PointsPerCurrencyUnit > 1_000_000m)
        {
            errors.Add($"{nameof(PointsPerCurrencyUnit)}: {PointsPerCurrencyUnit} must be greater than 0 and at most 1000000.");
        }

        if (!Enum.IsDefined(Rounding))
        {
            errors.Add($"{nameof(Rounding)}: {Rounding} is not a rounding mode.");
        }

        if (PendingDays < 0 || PendingDays > 3_650)
        {
            errors.Add($"{nameof(PendingDays)}: {PendingDays} must be between 0 and 3650.");
        }

        if (Expiry is null)
        {
            errors.Add($"{nameof(Expiry)}: an expiry policy is required (use ExpiryPolicy.Never).");
        }

        if (!Enum.IsDefined(ReversalPolicy))
        {
            errors.Add($"{nameof(ReversalPolicy)}: {ReversalPolicy} is not a reversal policy.");
        }

        if (MaximumRedemptionPointsPerOrder is { } maxPoints && maxPoints < Math.Max(1, MinimumRedemptionPoints))
        {
            errors.Add($"{nameof(MaximumRedemptionPointsPerOrder)}: {maxPoints} must be at least the minimum redemption ({MinimumRedemptionPoints}).");
        }

        if (MaximumRedemptionShareOfOrder is { } share && (share <= 0m || share > 1m))
        {
            errors.Add($"{nameof(MaximumRedemptionShareOfOrder)}: {share} must be greater than 0 and at most 1.");
        }

        if (PointValue < LoyaltyLimits.MinPointValue || PointValue > LoyaltyLimits.MaxRate)
        {
            errors.Add($"{nameof(PointValue)}: {PointValue} must be between {LoyaltyLimits.MinPointValue} and {LoyaltyLimits.MaxRate}.");
        }

        if (CostPerPoint < 0m || CostPerPoint > LoyaltyLimits.MaxCostPerPoint)
        {
            errors.Add($"{nameof(CostPerPoint)}: {CostPerPoint} must be between 0 and {LoyaltyLimits.MaxCostPerPoint}.");
        }

        if (MaxPointsPerCommand < 1 || MaxPointsPerCommand > LoyaltyLimits.MaxPointsPerCommand)
        {
            errors.Add($"{nameof(MaxPointsPerCommand)}: {MaxPointsPerCommand} must be between 1 and {LoyaltyLimits.MaxPointsPerCommand}.");
        }

        if (MaxPointsPerMember < 1 || MaxPointsPerMember > LoyaltyLimits.MaxPointsPerMember)
        {
            errors.Add($"{nameof(MaxPointsPerMember)}: {MaxPointsPerMember} must be between 1 and {LoyaltyLimits.MaxPointsPerMember}.");
        }

        if (Earning is null)
        {
            errors.Add($"{nameof(Earning)}: earning rules are required (use EarningRules.None).");
        }

        if (MinimumRedemptionPoints < 1 || MinimumRedemptionPoints > Math.Max(1, MaxPointsPerCommand))
        {
            errors.Add($"{nameof(MinimumRedemptionPoints)}: {MinimumRedemptionPoints} must be between 1 and the most points per command ({MaxPointsPerCommand}).");
        }

        foreach (var campaign in Earning?.Campaigns ?? [])
        {
            foreach (var tier in campaign.Tiers.Order(StringComparer.Ordinal))
            {
                if (Tiers is null || Tiers.IndexOf(tier) < 0)
                {
                    errors.Add($"{nameof(Earning)}: campaign '{campaign.Id}' is for tier '{tier}', which is not in the program's tier ladder.");
                }
            }
        }

        if (Engagement is null)
        {
            errors.Add($"{nameof(Engagement)}: engagement rules are required (use EngagementRules.None).");
        }
        else
        {
            foreach (var error in Engagement.Validate(Tiers))
            {
                errors.Add($"{nameof(Engagement)}: {error}");
            }
        }

        if (errors.Count > 0)
        {
            throw new ProgramValidationException(errors);
        }

        return new LoyaltyProgram(
            id,
            currency,
            zone!,
            PointsPerCurrencyUnit,
            Rounding,
            PendingDays,
            Expiry!,
            ReversalPolicy,
            Points.FromInt64(MinimumRedemptionPoints),
            ExchangeRates,
            Earning!,
            MaximumRedemptionPointsPerOrder is { } max ? Points.FromInt64(max) : null,
            MaximumRedemptionShareOfOrder,
            PointValue,
            EarnOnCashPartOnly,
            CostPerPoint,
            Tiers,
            Engagement!,
            Points.FromInt64(MaxPointsPerCommand),
            Points.FromInt64(MaxPointsPerMember));
    }

    private static string FirstLine(Exception ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
