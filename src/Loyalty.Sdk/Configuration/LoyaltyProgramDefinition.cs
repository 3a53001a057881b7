using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Configuration;

/// <summary>
/// A loyalty program as plain data, the shape of its JSON configuration (see <see cref="LoyaltyProgramJson"/>).
/// <see cref="ToBuilder"/> turns it into a <see cref="LoyaltyProgramBuilder"/>, whose <c>Build()</c> validates it.
/// </summary>
/// <remarks>This type is mutable and not thread-safe: it is configuration, read once.</remarks>
internal sealed class LoyaltyProgramDefinition
{
    /// <summary>Gets or sets the program id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the ISO 4217 base currency.</summary>
    public string? BaseCurrency { get; set; }

    /// <summary>Gets or sets the IANA time zone id.</summary>
    /// <value>The default is <c>Etc/UTC</c>.</value>
    public string TimeZone { get; set; } = "Etc/UTC";

    /// <summary>Gets or sets the points per base-currency unit.</summary>
    /// <value>The default is 1.</value>
    public decimal PointsPerCurrencyUnit { get; set; } = 1m;

    /// <summary>Gets or sets the rounding of exact points.</summary>
    /// <value>The default is <see cref="PointsRounding.Floor"/>.</value>
    public PointsRounding Rounding { get; set; } = PointsRounding.Floor;

    /// <summary>Gets or sets the pending period in days.</summary>
    public int PendingDays { get; set; }

    /// <summary>Gets or sets the expiry policy.</summary>
    /// <value>The default is none (points never expire).</value>
    public ExpiryDefinition? Expiry { get; set; }

    /// <summary>Gets or sets the reversal policy.</summary>
    /// <value>The default is <see cref="Sdk.ReversalPolicy.Debt"/>.</value>
    public ReversalPolicy ReversalPolicy { get; set; } = ReversalPolicy.Debt;

    /// <summary>Gets or sets the smallest redemption.</summary>
    /// <value>The default is 1.</value>
    public long MinimumRedemptionPoints { get; set; } = 1;

    /// <summary>Gets or sets the most points per redemption on an order.</summary>
    public long? MaximumRedemptionPointsPerOrder { get; set; }

    /// <summary>Gets or sets the largest share of an order's value points may pay.</summary>
    public decimal? MaximumRedemptionShareOfOrder { get; set; }

    /// <summary>Gets or sets the value of one point in the base currency.</summary>
    /// <value>The default is 0.01.</value>
    public decimal PointValue { get; set; } = 0.01m;

    /// <summary>Gets or sets a value indicating whether orders partly paid with points earn on the cash part only.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EarnOnCashPartOnly { get; set; } = true;

    /// <summary>Gets or sets what one outstanding point costs the program, in the base currency.</summary>
    /// <value>The default is 0.01.</value>
    public decimal CostPerPoint { get; set; } = 0.01m;

    /// <summary>Gets or sets the most points one command may credit or debit.</summary>
    /// <value>The default (null) is <see cref="LoyaltyLimits.MaxPointsPerCommand"/>.</value>
    public long? MaxPointsPerCommand { get; set; }

    /// <summary>Gets or sets the most points one member may be credited over the life of the account.</summary>
    /// <value>The default (null) is <see cref="LoyaltyLimits.MaxPointsPerMember"/>.</value>
    public long? MaxPointsPerMember { get; set; }

    /// <summary>Gets or sets fixed exchange rates into other currencies.</summary>
    public List<ExchangeRateDefinition> ExchangeRates { get; set; } = [];

    /// <summary>Gets or sets the earning rules.</summary>
    public EarningDefinition Earning { get; set; } = new();

    /// <summary>Gets or sets the tier ladder, if the program has tiers.</summary>
    public TiersDefinition? Tiers { get; set; }

    /// <summary>Gets or sets the rewards catalogue, tasks, tier perks and birthday/anniversary rules.</summary>
    public EngagementDefinition? Engagement { get; set; }

    /// <summary>Describes an existing program as data.</summary>
    /// <param name="program">The program.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="program"/> is null.</exception>
    /// <exception cref="NotSupportedException">The program's exchange-rate provider is not a <see cref="FixedExchangeRateProvider"/>.</exception>
    public static LoyaltyProgramDefinition From(LoyaltyProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var rates = program.ExchangeRates switch
        {
            null => [],
            FixedExchangeRateProvider fixedRates => fixedRates.Rates.Select(r => new ExchangeRateDefinition { From = r.From.Code, To = r.To.Code, Rate = r.Rate }).ToList(),
            _ => throw new NotSupportedException("Only a FixedExchangeRateProvider can be written as configuration."),
        };
        var rules = program.Earning;
        return new LoyaltyProgramDefinition
        {
            Id = program.Id.Value,
            BaseCurrency = program.BaseCurrency.Code,
            TimeZone = program.TimeZone.Id,
            PointsPerCurrencyUnit = program.PointsPerCurrencyUnit,
            Rounding = program.Rounding,
            PendingDays = program.PendingDays,
            Expiry = program.Expiry.Kind == ExpiryPolicyKind.Never ? null : new ExpiryDefinition { Kind = program.Expiry.Kind, Length = program.Expiry.Length, Rounding = program.Expiry.Rounding },
            ReversalPolicy = program.ReversalPolicy,
            MinimumRedemptionPoints = program.MinimumRedemption.Value,
            MaximumRedemptionPointsPerOrder = program.MaximumRedemptionPerOrder?.Value,
            MaximumRedemptionShareOfOrder = program.MaximumRedemptionShareOfOrder,
            PointValue = program.PointValue,
            EarnOnCashPartOnly = program.EarnOnCashPartOnly,
            CostPerPoint = program.CostPerPoint,
            MaxPointsPerCommand = program.MaxPointsPerCommand.Value == LoyaltyLimits.MaxPointsPerCommand ? null : program.MaxPointsPerCommand.Value,
            MaxPointsPerMember = program.MaxPointsPerMember.Value == LoyaltyLimits.MaxPointsPerMember ? null : program.MaxPointsPerMember.Value,
            ExchangeRates = rates,
            Earning = new EarningDefinition
            {
                ExcludedCategories = [.. rules.ExcludedCategories.Order(StringComparer.Ordinal)],
                CategoryMultipliers = rules.CategoryMultipliers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                SkuMultipliers = rules.SkuMultipliers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                Campaigns = rules.Campaigns.Select(c => new CampaignDefinition
                {
                    Id = c.Id,
                    Multiplier = c.Multiplier,
                    From = c.From,
                    To = c.To,
                    Weekdays = [.. c.Weekdays.Order()],
                    DaysOfMonth = [.. c.DaysOfMonth.Order()],
                    Categories = [.. c.Categories.Order(StringComparer.Ordinal)],
                    Tiers = [.. c.Tiers.Order(StringComparer.Ordinal)],
                    Segments = [.. c.Segments.Order(StringComparer.Ordinal)],
                }).ToList(),
                Stacking = rules.Stacking,
                MinimumOrderAmount = rules.MinimumOrderAmount,
                MaxPointsPerOrder = rules.MaxPointsPerOrder?.Value,
                MaxPointsPerMemberPerPeriod = rules.MaxPointsPerMemberPerPeriod?.Value,
                MemberCapPeriod = rules.MemberCapPeriod,
                Activities = rules.Activities.Values.OrderBy(a => a.ActivityType, StringComparer.Ordinal)
                    .Select(a => new ActivityDefinition { ActivityType = a.ActivityType, Points = a.Points.Value, MaxPerPeriod = a.MaxPerPeriod, Period = a.Period })
                    .ToList(),
            },
            Tiers = program.Tiers is not { } ladder ? null : new TiersDefinition
            {
                Metric = ladder.Metric,
                Window = ladder.Window.Kind,
                Months = ladder.Window.Months,
                Grace = ladder.Grace == Period.Zero ? null : ladder.Grace,
                Levels = ladder.Tiers.Select(t => new TierDefinition
                {
                    Id = t.Id,
                    Name = t.Name == t.Id ? null : t.Name,
                    Threshold = t.Threshold,
                    RetainThreshold = t.RetainThreshold == t.Threshold ? null : t.RetainThreshold,
                    EarningMultiplier = t.EarningMultiplier,
                }).ToList(),
            },
            Engagement = EngagementDefinition.From(program.Engagement),
        };
    }

    /// <summary>
    /// Creates a builder from the definition. Problems in nested rules (rates, campaigns, expiry) are collected and
    /// thrown together, naming each field; the builder's <c>Build()</c> then checks the rest.
    /// </summary>
    /// <returns>The builder.</returns>
    /// <exception cref="ProgramValidationException">Nested rules are invalid; every problem is listed.</exception>
    public LoyaltyProgramBuilder ToBuilder()
    {
        var errors = new List<string>();
        var builder = new LoyaltyProgramBuilder
        {
            Id = Id,
            BaseCurrency = BaseCurrency,
            TimeZoneId = TimeZone,
            PointsPerCurrencyUnit = PointsPerCurrencyUnit,
            Rounding = Rounding,
            PendingDays = PendingDays,
            ReversalPolicy = ReversalPolicy,
            MinimumRedemptionPoints = MinimumRedemptionPoints,
            MaximumRedemptionPointsPerOrder = MaximumRedemptionPointsPerOrder,
            MaximumRedemptionShareOfOrder = MaximumRedemptionShareOfOrder,
            PointValue = PointValue,
            EarnOnCashPartOnly = EarnOnCashPartOnly,
            CostPerPoint = CostPerPoint,
            MaxPointsPerCommand = MaxPointsPerCommand ?? LoyaltyLimits.MaxPointsPerCommand,
            MaxPointsPerMember = MaxPointsPerMember ?? LoyaltyLimits.MaxPointsPerMember,
        };

        builder.Expiry = Try(errors, "expiry", () => Expiry is null ? ExpiryPolicy.Never : Expiry.ToPolicy()) ?? ExpiryPolicy.Never;
        var rates = new List<(CurrencyCode, CurrencyCode, decimal)>();
        for (var i = 0; i < (ExchangeRates?.Count ?? 0); i++)
        {
            var rate = ExchangeRates![i];
            if (IsNull(errors, $"exchangeRates[{i}]", rate))
            {
                continue;
            }

            Try(errors, $"exchangeRates[{i}]", () =>
            {
                rates.Add((CurrencyCode.Parse(rate.From!), CurrencyCode.Parse(rate.To!), rate.Rate));
                return rate;
            });
        }

        if (rates.Count > 0)
        {
            builder.ExchangeRates = Try(errors, "exchangeRates", () => new FixedExchangeRateProvider(rates));
        }

        var earning = Earning ?? new EarningDefinition();
        var campaigns = new List<Campaign>();
        for (var i = 0; i < (earning.Campaigns?.Count ?? 0); i++)
        {
            var c = earning.Campaigns![i];
            if (IsNull(errors, $"earning.campaigns[{i}]", c) ||
                HasNullItem(errors, $"earning.campaigns[{i}].categories", c.Categories) ||
                HasNullItem(errors, $"earning.campaigns[{i}].tiers", c.Tiers) ||
                HasNullItem(errors, $"earning.campaigns[{i}].segments", c.Segments))
            {
                continue;
            }

            if (Try(errors, $"earning.campaigns[{i}]", () => new Campaign(c.Id!, c.Multiplier, c.From, c.To, c.Weekdays, c.DaysOfMonth, c.Categories, c.Tiers, c.Segments)) is { } campaign)
            {
                campaigns.Add(campaign);
            }
        }

        var activities = new List<ActivityRule>();
        for (var i = 0; i < (earning.Activities?.Count ?? 0); i++)
        {
            var a = earning.Activities![i];
            if (IsNull(errors, $"earning.activities[{i}]", a))
            {
                continue;
            }

            if (Try(errors, $"earning.activities[{i}]", () => new ActivityRule(a.ActivityType!, Points.FromInt64(a.Points), a.MaxPerPeriod, a.Period)) is { } activity)
            {
                activities.Add(activity);
            }
        }

        HasNullItem(errors, "earning.excludedCategories", earning.ExcludedCategories);
        builder.Earning = Try(errors, "earning", () => new EarningRules(
            earning.ExcludedCategories,
            earning.CategoryMultipliers,
            earning.SkuMultipliers,
            campaigns,
            earning.Stacking,
            earning.MinimumOrderAmount,
            earning.MaxPointsPerOrder is { } cap ? Points.FromInt64(cap) : null,
            earning.MaxPointsPerMemberPerPeriod is { } memberCap ? Points.FromInt64(memberCap) : null,
            earning.MemberCapPeriod,
            activities)) ?? EarningRules.None;

        if (Tiers is { } tiers)
        {
            var levels = new List<Tier>();
            for (var i = 0; i < (tiers.Levels?.Count ?? 0); i++)
            {
                var t = tiers.Levels![i];
                if (IsNull(errors, $"tiers.levels[{i}]", t))
                {
                    continue;
                }

                if (Try(errors, $"tiers.levels[{i}]", () => new Tier(t.Id!, t.Threshold, t.EarningMultiplier, t.RetainThreshold, t.Name)) is { } tier)
                {
                    levels.Add(tier);
                }
            }

            if (levels.Count == (tiers.Levels?.Count ?? 0))
            {
                builder.Tiers = Try(errors, "tiers", () => new TierLadder(levels, tiers.Metric, TierWindow.Of(tiers.Window, tiers.Months), tiers.Grace));
            }
        }

        if (Engagement is { } engagement)
        {
            builder.Engagement = engagement.ToRules(errors);
        }

        if (errors.Count > 0)
        {
            throw new ProgramValidationException(errors);
        }

        return builder;
    }

    /// <summary>Reports a null element of an array of objects, which JSON allows and the definition does not.</summary>
    internal static bool IsNull(List<string> errors, string field, object? value)
    {
        if (value is null)
        {
            errors.Add($"{field}: must be an object, not null.");
            return true;
        }

        return false;
    }

    /// <summary>Reports a null element of an array of strings.</summary>
    internal static bool HasNullItem(List<string> errors, string field, IReadOnlyList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (values![i] is null)
            {
                errors.Add($"{field}[{i}]: must be a string, not null.");
                return true;
            }
        }

        return false;
    }

    private static T? Try<T>(List<string> errors, string field, Func<T> create)
        where T : class
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            errors.Add($"{field}: {(cut > 0 ? message[..cut] : message)}");
            return null;
        }
    }
}
