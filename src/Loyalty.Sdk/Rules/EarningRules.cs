using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Rules;

/// <summary>
/// How an order's lines turn into points beyond the base rate: excluded categories, category and SKU multipliers,
/// campaigns, a minimum order value and a per-order cap. Each line is rounded once; a capped order's points are
/// allocated back to its lines so that returns reverse exactly what each line kept.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class EarningRules
{
    /// <summary>Initializes a new instance of the <see cref="EarningRules"/> class.</summary>
    /// <param name="excludedCategories">Categories that never earn (shipping, tax, gift cards).</param>
    /// <param name="categoryMultipliers">Multipliers by category.</param>
    /// <param name="skuMultipliers">Multipliers by SKU (they multiply with the category's).</param>
    /// <param name="campaigns">Campaigns.</param>
    /// <param name="stacking">How several active campaigns combine.</param>
    /// <param name="minimumOrderAmount">The smallest order value (base currency, earning lines only) that earns; 0 for none.</param>
    /// <param name="maxPointsPerOrder">The most points one order earns, or <see langword="null"/> for no cap.</param>
    /// <param name="maxPointsPerMemberPerPeriod">The most points a member earns per period (orders and activities), or <see langword="null"/>.</param>
    /// <param name="memberCapPeriod">The period of <paramref name="maxPointsPerMemberPerPeriod"/>.</param>
    /// <param name="activities">Fixed points per activity type, with optional per-period limits.</param>
    /// <exception cref="ArgumentException">A multiplier, minimum or cap is out of range, or two activity rules share a type.</exception>
    public EarningRules(
        IEnumerable<string>? excludedCategories = null,
        IReadOnlyDictionary<string, decimal>? categoryMultipliers = null,
        IReadOnlyDictionary<string, decimal>? skuMultipliers = null,
        IEnumerable<Campaign>? campaigns = null,
        CampaignStacking stacking = CampaignStacking.BestOf,
        decimal minimumOrderAmount = 0m,
        Points? maxPointsPerOrder = null,
        Points? maxPointsPerMemberPerPeriod = null,
        CapPeriod memberCapPeriod = CapPeriod.Month,
        IEnumerable<ActivityRule>? activities = null)
    {
        ExcludedCategories = (excludedCategories ?? []).ToFrozenSet(StringComparer.Ordinal);
        CategoryMultipliers = Check(categoryMultipliers, nameof(categoryMultipliers));
        SkuMultipliers = Check(skuMultipliers, nameof(skuMultipliers));
        Campaigns = (campaigns ?? []).ToArray();
        if (!Enum.IsDefined(stacking))
        {
            throw new ArgumentOutOfRangeException(nameof(stacking), stacking, "Unknown stacking.");
        }

        if (minimumOrderAmount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumOrderAmount), minimumOrderAmount, "The minimum order amount must not be negative.");
        }

        if (maxPointsPerOrder is { IsPositive: false })
        {
            throw new ArgumentOutOfRangeException(nameof(maxPointsPerOrder), maxPointsPerOrder.Value.Value, "The cap must be greater than zero.");
        }

        if (maxPointsPerMemberPerPeriod is { IsPositive: false })
        {
            throw new ArgumentOutOfRangeException(nameof(maxPointsPerMemberPerPeriod), maxPointsPerMemberPerPeriod.Value.Value, "The cap must be greater than zero.");
        }

        if (!Enum.IsDefined(memberCapPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(memberCapPeriod), memberCapPeriod, "Unknown period.");
        }

        var byType = new Dictionary<string, ActivityRule>(StringComparer.Ordinal);
        foreach (var activity in activities ?? [])
        {
            ArgumentNullException.ThrowIfNull(activity, nameof(activities));
            if (!byType.TryAdd(activity.ActivityType, activity))
            {
                throw new ArgumentException($"Two activity rules have the type '{activity.ActivityType}'.", nameof(activities));
            }
        }

        Stacking = stacking;
        MinimumOrderAmount = minimumOrderAmount;
        MaxPointsPerOrder = maxPointsPerOrder;
        MaxPointsPerMemberPerPeriod = maxPointsPerMemberPerPeriod;
        MemberCapPeriod = memberCapPeriod;
        Activities = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Gets rules under which every line earns at the base rate.</summary>
    public static EarningRules None { get; } = new();

    /// <summary>Gets the categories that never earn.</summary>
    public IReadOnlySet<string> ExcludedCategories { get; }

    /// <summary>Gets the multipliers by category.</summary>
    public IReadOnlyDictionary<string, decimal> CategoryMultipliers { get; }

    /// <summary>Gets the multipliers by SKU.</summary>
    public IReadOnlyDictionary<string, decimal> SkuMultipliers { get; }

    /// <summary>Gets the campaigns.</summary>
    public IReadOnlyList<Campaign> Campaigns { get; }

    /// <summary>Gets how several active campaigns combine.</summary>
    public CampaignStacking Stacking { get; }

    /// <summary>Gets the smallest order value (base currency) that earns.</summary>
    public decimal MinimumOrderAmount { get; }

    /// <summary>Gets the most points one order earns, if capped.</summary>
    public Points? MaxPointsPerOrder { get; }

    /// <summary>Gets the most points a member earns per <see cref="MemberCapPeriod"/>, if capped.</summary>
    public Points? MaxPointsPerMemberPerPeriod { get; }

    /// <summary>Gets the period of <see cref="MaxPointsPerMemberPerPeriod"/>.</summary>
    public CapPeriod MemberCapPeriod { get; }

    /// <summary>Gets the activity rules by type.</summary>
    public IReadOnlyDictionary<string, ActivityRule> Activities { get; }

    /// <summary>
    /// Computes each line's points: base amount × points per unit × (category × SKU × campaign × tier) multiplier, rounded
    /// once per line; then the minimum order value and the per-order cap. Every rule that changed a line is named on it.
    /// </summary>
    /// <returns>The lines, or <see langword="null"/> when a line's exact points do not fit the bounds (<paramref name="overLimit"/> says which).</returns>
    internal AccrualLine[]? Apply(
        IReadOnlyList<(PurchaseLine Line, decimal BaseAmount)> lines,
        LocalDate orderDate,
        decimal pointsPerUnit,
        PointsRounding rounding,
        out string? overLimit,
        Tiers.Tier? tier = null,
        IReadOnlyCollection<string>? segments = null)
    {
        overLimit = null;
        segments ??= [];
        var active = ActiveCampaigns(orderDate, tier?.Id, segments);
        var result = new AccrualLine[lines.Count];
        var earningAmount = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, baseAmount) = lines[i];
            var rules = new RuleList();
            decimal multiplier;
            if (ExcludedCategories.Contains(line.Category))
            {
                multiplier = 0m;
                rules.Add("excluded:" + line.Category);
            }
            else
            {
                earningAmount += baseAmount;
                multiplier = 1m;
                if (CategoryMultipliers.TryGetValue(line.Category, out var byCategory))
                {
                    multiplier *= byCategory;
                    rules.Add($"category:{line.Category}×{Format(byCategory)}");
                }

                if (SkuMultipliers.TryGetValue(line.Sku, out var bySku))
                {
                    multiplier *= bySku;
                    rules.Add($"sku:{line.Sku}×{Format(bySku)}");
                }

                multiplier = Exact.TryMultiply(multiplier, CampaignFactor(active, line.Category, ref rules), out var withCampaigns) ? withCampaigns : decimal.MaxValue;
                if (tier is { EarningMultiplier: not 1m })
                {
                    multiplier = Exact.TryMultiply(multiplier, tier.EarningMultiplier, out var withTier) ? withTier : decimal.MaxValue;
                    rules.Add($"tier:{tier.Id}×{Format(tier.EarningMultiplier)}");
                }
            }

            // Bounded before rounding: no line's exact points may pass what one member can ever hold.
            if (!Exact.TryMultiply(baseAmount, pointsPerUnit, out var exact) || !Exact.TryMultiply(exact, multiplier, out exact) ||
                exact > LoyaltyLimits.MaxPointsPerMember)
            {
                overLimit = $"Line '{line.LineId}' would earn more than {LoyaltyLimits.MaxPointsPerMember} points (LoyaltyLimits.MaxPointsPerMember).";
                return null;
            }

            result[i] = new AccrualLine
            {
                LineId = line.LineId,
                Sku = line.Sku,
                Category = line.Category,
                Units = line.Units,
                UnitPrice = line.UnitPrice.Amount,
                BaseAmount = baseAmount,
                PointsPerCurrencyUnit = pointsPerUnit,
                Multiplier = multiplier,
                Points = Points.FromInt64(rounding.Apply(exact)),
                Rules = rules.ToList(),
            };
        }

        if (earningAmount < MinimumOrderAmount)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = result[i] with
                {
                    Points = Points.Zero,
                    Rules = [.. result[i].Rules, $"minimum-order:{Format(MinimumOrderAmount)}"],
                };
            }

            return result;
        }

        return MaxPointsPerOrder is { } cap ? Cap(result, cap, $"order-cap:{cap}") : result;
    }

    /// <summary>
    /// Allocates a capped total to the lines in proportion to their points (largest remainder; ties by line id), so
    /// the total is exactly the cap and the allocation does not depend on the order of the lines.
    /// </summary>
    internal static AccrualLine[] Cap(AccrualLine[] lines, Points cap, string rule)
    {
        var total = lines.Sum(l => (decimal)l.Points.Value);
        if (total <= cap.Value)
        {
            return lines;
        }

        var shares = new long[lines.Length];
        var remainders = new decimal[lines.Length];
        long allocated = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var exact = (decimal)lines[i].Points.Value * cap.Value / total;
            shares[i] = (long)decimal.Floor(exact);
            remainders[i] = exact - shares[i];
            allocated += shares[i];
        }

        var order = Enumerable.Range(0, lines.Length)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => lines[i].LineId, StringComparer.Ordinal)
            .ToArray();
        for (var k = 0; allocated < cap.Value; k++)
        {
            shares[order[k]]++;
            allocated++;
        }

        var capped = new AccrualLine[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            capped[i] = shares[i] == lines[i].Points.Value
                ? lines[i]
                : lines[i] with { Points = Points.FromInt64(shares[i]), Rules = [.. lines[i].Rules, rule] };
        }

        return capped;
    }

    /// <summary>The campaigns running on a date for a tier and segments; none allocates nothing.</summary>
    private Campaign[] ActiveCampaigns(LocalDate date, string? tierId, IReadOnlyCollection<string> segments)
    {
        List<Campaign>? active = null;
        foreach (var campaign in Campaigns)
        {
            if (campaign.RunsOn(date) && campaign.IsFor(tierId, segments))
            {
                (active ??= []).Add(campaign);
            }
        }

        return active is null ? [] : [.. active];
    }

    private decimal CampaignFactor(Campaign[] active, string category, ref RuleList rules)
    {
        var factor = 1m;
        Campaign? best = null;
        foreach (var campaign in active)
        {
            if (!campaign.AppliesTo(category))
            {
                continue;
            }

            if (Stacking == CampaignStacking.Multiply)
            {
                // Saturates: a product past decimal's range earns past every bound and is rejected by the caller.
                factor = Exact.TryMultiply(factor, campaign.Multiplier, out var product) ? product : decimal.MaxValue;
                rules.Add($"campaign:{campaign.Id}×{Format(campaign.Multiplier)}");
            }
            else if (best is null || campaign.Multiplier > best.Multiplier)
            {
                best = campaign;
            }
        }

        if (best is not null)
        {
            factor = best.Multiplier;
            rules.Add($"campaign:{best.Id}×{Format(best.Multiplier)}");
        }

        return factor;
    }

    private static FrozenDictionary<string, decimal> Check(IReadOnlyDictionary<string, decimal>? multipliers, string name)
    {
        var checkedMultipliers = (multipliers ?? new Dictionary<string, decimal>()).ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in checkedMultipliers)
        {
            if (value < 0 || value > LoyaltyLimits.MaxMultiplier)
            {
                throw new ArgumentOutOfRangeException(name, value, $"The multiplier for '{key}' must be between 0 and {LoyaltyLimits.MaxMultiplier}.");
            }
        }

        return checkedMultipliers;
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rules that changed one line, as a list only once there is one (most lines have none).</summary>
    private struct RuleList
    {
        private List<string>? _rules;

        public void Add(string rule) => (_rules ??= []).Add(rule);

        public readonly IReadOnlyList<string> ToList() => _rules is null ? [] : _rules;
    }
}
