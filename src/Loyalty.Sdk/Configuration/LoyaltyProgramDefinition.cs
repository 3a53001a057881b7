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

/// <summary>An expiry policy as data.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ExpiryDefinition
{
    /// <summary>Gets or sets the kind of policy.</summary>
    public ExpiryPolicyKind Kind { get; set; }

    /// <summary>Gets or sets the number of days or months.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the rounding of the due date.</summary>
    public ExpiryRounding Rounding { get; set; }

    /// <summary>Creates the policy.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The values do not form a policy.</exception>
    public ExpiryPolicy ToPolicy() => Kind switch
    {
        ExpiryPolicyKind.Never => ExpiryPolicy.Never,
        ExpiryPolicyKind.AfterDays => ExpiryPolicy.AfterDays(Length, Rounding),
        ExpiryPolicyKind.AfterMonths => ExpiryPolicy.AfterMonths(Length, Rounding),
        ExpiryPolicyKind.AfterInactivity => ExpiryPolicy.AfterInactivity(Length),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown expiry kind."),
    };
}

/// <summary>A fixed exchange rate as data: one unit of <see cref="From"/> buys <see cref="Rate"/> units of <see cref="To"/>.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ExchangeRateDefinition
{
    /// <summary>Gets or sets the ISO 4217 code converted from.</summary>
    public string? From { get; set; }

    /// <summary>Gets or sets the ISO 4217 code converted to.</summary>
    public string? To { get; set; }

    /// <summary>Gets or sets the rate.</summary>
    public decimal Rate { get; set; }
}

/// <summary>Earning rules as data (see <see cref="EarningRules"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class EarningDefinition
{
    /// <summary>Gets or sets the categories that never earn.</summary>
    public List<string> ExcludedCategories { get; set; } = [];

    /// <summary>Gets or sets the multipliers by category.</summary>
    public Dictionary<string, decimal> CategoryMultipliers { get; set; } = [];

    /// <summary>Gets or sets the multipliers by SKU.</summary>
    public Dictionary<string, decimal> SkuMultipliers { get; set; } = [];

    /// <summary>Gets or sets the campaigns.</summary>
    public List<CampaignDefinition> Campaigns { get; set; } = [];

    /// <summary>Gets or sets how active campaigns combine.</summary>
    public CampaignStacking Stacking { get; set; }

    /// <summary>Gets or sets the smallest order value that earns.</summary>
    public decimal MinimumOrderAmount { get; set; }

    /// <summary>Gets or sets the most points one order earns.</summary>
    public long? MaxPointsPerOrder { get; set; }

    /// <summary>Gets or sets the most points a member earns per period.</summary>
    public long? MaxPointsPerMemberPerPeriod { get; set; }

    /// <summary>Gets or sets the period of the member cap.</summary>
    /// <value>The default is <see cref="CapPeriod.Month"/>.</value>
    public CapPeriod MemberCapPeriod { get; set; } = CapPeriod.Month;

    /// <summary>Gets or sets the activity rules.</summary>
    public List<ActivityDefinition> Activities { get; set; } = [];
}

/// <summary>An activity rule as data (see <see cref="ActivityRule"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class ActivityDefinition
{
    /// <summary>Gets or sets the activity type.</summary>
    public string? ActivityType { get; set; }

    /// <summary>Gets or sets the points one activity earns.</summary>
    public long Points { get; set; }

    /// <summary>Gets or sets how many times it earns per period, if limited.</summary>
    public int? MaxPerPeriod { get; set; }

    /// <summary>Gets or sets the period of the limit.</summary>
    /// <value>The default is <see cref="CapPeriod.Month"/>.</value>
    public CapPeriod Period { get; set; } = CapPeriod.Month;
}

/// <summary>A campaign as data (see <see cref="Campaign"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class CampaignDefinition
{
    /// <summary>Gets or sets the campaign id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the multiplier.</summary>
    public decimal Multiplier { get; set; }

    /// <summary>Gets or sets the first local date, if any.</summary>
    public LocalDate? From { get; set; }

    /// <summary>Gets or sets the last local date, if any.</summary>
    public LocalDate? To { get; set; }

    /// <summary>Gets or sets the weekdays (empty: every day).</summary>
    public List<IsoDayOfWeek> Weekdays { get; set; } = [];

    /// <summary>Gets or sets the days of the month (empty: every day).</summary>
    public List<int> DaysOfMonth { get; set; } = [];

    /// <summary>Gets or sets the categories (empty: all).</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Gets or sets the member tiers it is for (empty: every member).</summary>
    public List<string> Tiers { get; set; } = [];

    /// <summary>Gets or sets the member segments it is for (empty: every member).</summary>
    public List<string> Segments { get; set; } = [];
}

/// <summary>A tier ladder as data (see <see cref="TierLadder"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TiersDefinition
{
    /// <summary>Gets or sets what qualifies.</summary>
    public QualifyingMetric Metric { get; set; }

    /// <summary>Gets or sets the kind of window.</summary>
    public TierWindowKind Window { get; set; }

    /// <summary>Gets or sets the length of a rolling window in months.</summary>
    /// <value>The default is 12.</value>
    public int Months { get; set; } = 12;

    /// <summary>Gets or sets the grace period after a window ends (ISO 8601, such as <c>P1M</c>), if any.</summary>
    public Period? Grace { get; set; }

    /// <summary>Gets or sets the tiers, lowest first.</summary>
    public List<TierDefinition> Levels { get; set; } = [];
}

/// <summary>A tier as data (see <see cref="Tier"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TierDefinition
{
    /// <summary>Gets or sets the tier id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the display name, if not the id.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the threshold that reaches the tier.</summary>
    public decimal Threshold { get; set; }

    /// <summary>Gets or sets the threshold that keeps the tier at a review, if lower than the threshold.</summary>
    public decimal? RetainThreshold { get; set; }

    /// <summary>Gets or sets the earning multiplier.</summary>
    /// <value>The default is 1.</value>
    public decimal EarningMultiplier { get; set; } = 1m;
}

/// <summary>The rewards catalogue, tasks, tier perks and celebration rules as data.</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class EngagementDefinition
{
    /// <summary>Gets or sets the rewards.</summary>
    public List<RewardDefinition> Rewards { get; set; } = [];

    /// <summary>Gets or sets the tasks.</summary>
    public List<TaskDefinition> Tasks { get; set; } = [];

    /// <summary>Gets or sets the tier perks.</summary>
    public List<PerkDefinition> Perks { get; set; } = [];

    /// <summary>Gets or sets the birthday and anniversary rules.</summary>
    public List<CelebrationDefinition> Celebrations { get; set; } = [];

    internal static EngagementDefinition? From(Engagement.EngagementRules rules) =>
        rules.Rewards.Count + rules.Tasks.Count + rules.Perks.Count + rules.Celebrations.Count == 0 ? null : new EngagementDefinition
        {
            Rewards = rules.Rewards.Select(r => new RewardDefinition
            {
                Id = r.Id,
                Name = r.Name,
                Kind = r.Kind,
                Points = r.Points,
                CashAmount = r.Cash?.Amount,
                CashCurrency = r.Cash?.Currency.Code,
                TracksStock = r.TracksStock,
                AvailableFrom = r.AvailableFrom,
                AvailableUntil = r.AvailableUntil,
                MaxPerMember = r.MaxPerMember,
                MaxPerMemberPerPeriod = r.MaxPerMemberPerPeriod,
                MaxPerPeriod = r.MaxPerPeriod,
                LimitPeriod = r.LimitPeriod,
                MinimumTier = r.MinimumTier,
                Tiers = [.. r.Tiers],
                VoucherValidity = r.VoucherValidity,
                Redeemable = r.Redeemable,
            }).ToList(),
            Tasks = rules.Tasks.Select(t => new TaskDefinition { Id = t.Id, Action = t.Action, Count = t.Count, Period = t.Period, Points = t.Points }).ToList(),
            Perks = rules.Perks.Select(p => new PerkDefinition { Id = p.Id, Kind = p.Kind, MinimumTier = p.MinimumTier, Value = p.Value, Description = p.Description }).ToList(),
            Celebrations = rules.Celebrations.Select(c => new CelebrationDefinition
            {
                Kind = c.Kind, Points = c.Points, RewardId = c.RewardId, InMemberTimeZone = c.InMemberTimeZone, GraceDays = c.GraceDays,
            }).ToList(),
        };

    internal Engagement.EngagementRules ToRules(List<string> errors)
    {
        var rewards = new List<Engagement.Reward>();
        for (var i = 0; i < (Rewards?.Count ?? 0); i++)
        {
            var r = Rewards![i];
            if (LoyaltyProgramDefinition.IsNull(errors, $"engagement.rewards[{i}]", r) || LoyaltyProgramDefinition.HasNullItem(errors, $"engagement.rewards[{i}].tiers", r.Tiers))
            {
                continue;
            }

            Money? cash = null;
            if (r.CashAmount is { } amount)
            {
                if (amount <= 0 || amount > LoyaltyLimits.MaxUnitPrice)
                {
                    errors.Add($"engagement.rewards[{i}].cashAmount: {amount} must be greater than 0 and at most {LoyaltyLimits.MaxUnitPrice}.");
                    continue;
                }

                if (!CurrencyCode.TryParse(r.CashCurrency, out var currency))
                {
                    errors.Add($"engagement.rewards[{i}].cashCurrency: '{r.CashCurrency}' is not an ISO 4217 currency code.");
                    continue;
                }

                cash = new Money(amount, currency);
            }

            rewards.Add(new Engagement.Reward
            {
                Id = r.Id ?? string.Empty,
                Name = r.Name,
                Kind = r.Kind,
                Points = r.Points,
                Cash = cash,
                TracksStock = r.TracksStock,
                AvailableFrom = r.AvailableFrom,
                AvailableUntil = r.AvailableUntil,
                MaxPerMember = r.MaxPerMember,
                MaxPerMemberPerPeriod = r.MaxPerMemberPerPeriod,
                MaxPerPeriod = r.MaxPerPeriod,
                LimitPeriod = r.LimitPeriod,
                MinimumTier = r.MinimumTier,
                Tiers = [.. r.Tiers ?? []],
                VoucherValidity = r.VoucherValidity,
                Redeemable = r.Redeemable,
            });
        }

        for (var i = 0; i < (Tasks?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.tasks[{i}]", Tasks![i]);
        }

        for (var i = 0; i < (Perks?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.perks[{i}]", Perks![i]);
        }

        for (var i = 0; i < (Celebrations?.Count ?? 0); i++)
        {
            LoyaltyProgramDefinition.IsNull(errors, $"engagement.celebrations[{i}]", Celebrations![i]);
        }

        return new Engagement.EngagementRules
        {
            Rewards = rewards,
            Tasks = (Tasks ?? []).Where(t => t is not null).Select(t => new Engagement.EngagementTask { Id = t.Id ?? string.Empty, Action = t.Action ?? string.Empty, Count = t.Count, Period = t.Period, Points = t.Points }).ToList(),
            Perks = (Perks ?? []).Where(p => p is not null).Select(p => new Engagement.TierPerk { Id = p.Id ?? string.Empty, Kind = p.Kind, MinimumTier = p.MinimumTier, Value = p.Value, Description = p.Description }).ToList(),
            Celebrations = (Celebrations ?? []).Where(c => c is not null).Select(c => new Engagement.CelebrationRule
            {
                Kind = c.Kind, Points = c.Points, RewardId = c.RewardId, InMemberTimeZone = c.InMemberTimeZone, GraceDays = c.GraceDays,
            }).ToList(),
        };
    }
}

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

    /// <summary>Gets or sets the voucher validity, for coupons (ISO 8601, such as <c>P30D</c>).</summary>
    public Period? VoucherValidity { get; set; }

    /// <summary>Gets or sets a value indicating whether members can redeem it for points.</summary>
    public bool Redeemable { get; set; } = true;
}

/// <summary>A task as data (see <see cref="Engagement.EngagementTask"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class TaskDefinition
{
    /// <summary>Gets or sets the id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the action counted (an activity type, or <c>order</c>).</summary>
    public string? Action { get; set; }

    /// <summary>Gets or sets how many actions complete it.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the period.</summary>
    public CapPeriod Period { get; set; } = CapPeriod.Month;

    /// <summary>Gets or sets the points awarded.</summary>
    public long Points { get; set; }
}

/// <summary>A tier perk as data (see <see cref="Engagement.TierPerk"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class PerkDefinition
{
    /// <summary>Gets or sets the id.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the kind.</summary>
    public Engagement.PerkKind Kind { get; set; }

    /// <summary>Gets or sets the lowest tier that has it.</summary>
    public string? MinimumTier { get; set; }

    /// <summary>Gets or sets its value (a discount rate, a trial's days).</summary>
    public decimal? Value { get; set; }

    /// <summary>Gets or sets the description.</summary>
    public string? Description { get; set; }
}

/// <summary>A birthday or anniversary rule as data (see <see cref="Engagement.CelebrationRule"/>).</summary>
/// <remarks>This type is mutable and not thread-safe.</remarks>
internal sealed class CelebrationDefinition
{
    /// <summary>Gets or sets the occasion.</summary>
    public Engagement.CelebrationKind Kind { get; set; }

    /// <summary>Gets or sets the points granted.</summary>
    public long Points { get; set; }

    /// <summary>Gets or sets the reward granted.</summary>
    public string? RewardId { get; set; }

    /// <summary>Gets or sets a value indicating whether the day is the member's local date.</summary>
    public bool InMemberTimeZone { get; set; } = true;

    /// <summary>Gets or sets the grace days.</summary>
    public int GraceDays { get; set; } = 7;
}
