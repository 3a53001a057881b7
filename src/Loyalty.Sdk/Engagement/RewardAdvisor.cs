using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// Recommends catalogue rewards to a member. Eligibility is the redemption's own decision: each reward's redemption
/// is previewed (dates, tiers, per-member and program-wide limits, stock), so a reward is never recommended that the
/// member could not redeem; a redemption refused only for points is a goal when the expected earn covers it.
/// </summary>
internal static class RewardAdvisor
{
    public static async ValueTask<RewardRecommendations> RecommendAsync(LoyaltyEngine engine, MemberId memberId, RewardRecommendationOptions options, CancellationToken cancellationToken)
    {
        Validate(options);
        var program = engine.Program;
        var now = engine.Clock.GetCurrentInstant();
        var balance = await engine.GetBalanceAsync(memberId, null, cancellationToken).ConfigureAwait(false);
        var expiringTo = now.Plus(options.ExpiringWithin);
        var expiring = (await engine.Reports.GetExpiringAsync(memberId, now, expiringTo, cancellationToken).ConfigureAwait(false)).Total.Value;
        var entries = await engine.Store.ReadEntriesUpToAsync(program.Id, memberId, now, cancellationToken).ConfigureAwait(false);
        var recent = entries.Where(e => e.Kind == LedgerEntryKind.Earn && e.OrderId is not null).OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence).Take(options.RecentOrders).ToList();
        var averageEarn = recent.Count == 0 ? 0m : recent.Sum(e => (decimal)e.Amount.Value) / recent.Count;
        var expected = Math.Round((decimal)options.ExpectedPurchases * averageEarn, 2);
        var shares = Shares(options.CategoryAffinity ?? await AffinityFromOrdersAsync(engine, memberId, recent, cancellationToken).ConfigureAwait(false));

        var (useExpiring, redeemable, goals) = (new List<RewardRecommendation>(), new List<RewardRecommendation>(), new List<RewardRecommendation>());
        var available = balance.Available.Value;
        var goalDays = options.GoalWindow.TotalDays;
        foreach (var reward in program.Engagement.Rewards.Where(r => r.Redeemable))
        {
            var preview = await engine.PreviewAsync(new RedeemRewardCommand(memberId, IdempotencyKey.From("reward-advice:" + Guid.NewGuid().ToString("N")), reward.Id), cancellationToken).ConfigureAwait(false);
            var affinity = Math.Min(1, reward.Categories.Distinct(StringComparer.Ordinal).Sum(c => shares.GetValueOrDefault(c)));
            var name = reward.Name ?? reward.Id;
            if (preview.IsSuccess)
            {
                if (expiring > 0 && reward.Points <= expiring)
                {
                    useExpiring.Add(new RewardRecommendation(reward, RewardGroup.UseExpiringPoints, affinity, 0, string.Create(CultureInfo.InvariantCulture,
                        $"{expiring} of your points expire by {expiringTo.InZone(program.TimeZone).Date:yyyy-MM-dd}: {name} costs {reward.Points} and uses them.")));
                }
                else
                {
                    redeemable.Add(new RewardRecommendation(reward, RewardGroup.RedeemableNow, affinity, 0, string.Create(CultureInfo.InvariantCulture, $"You can redeem {name} now for {reward.Points} of your {available} points.")));
                }
            }
            else if (preview.Rejection?.Reason == RejectionReason.InsufficientPoints && reward.Points - available is var needed && needed > 0 && needed <= expected)
            {
                var days = (int)Math.Ceiling(goalDays * (double)needed / (double)expected);
                goals.Add(new RewardRecommendation(reward, RewardGroup.WithinExpectedEarn, affinity, needed, string.Create(CultureInfo.InvariantCulture,
                    $"{needed} more points for {name}: about {days} day(s) of your usual earning.")));
            }
        }

        return new RewardRecommendations(available, expiring, expected, Rank(useExpiring, byPriceDescending: true, options), Rank(redeemable, byPriceDescending: true, options), Rank(goals, byPriceDescending: false, options));
    }

    private static void Validate(RewardRecommendationOptions options)
    {
        if (!(options.ExpectedPurchases >= 0) || double.IsInfinity(options.ExpectedPurchases) || options.ExpectedPurchases > 1_000_000 ||
            options.GoalWindow <= Duration.Zero || options.ExpiringWithin <= Duration.Zero || options.GoalWindow > Duration.FromDays(3660) || options.ExpiringWithin > Duration.FromDays(3660) ||
            options.RecentOrders is < 1 or > 1000 || options.MaxPerGroup < 1 ||
            options.CategoryAffinity?.Any(p => p.Key is null || !(p.Value >= 0) || double.IsInfinity(p.Value)) == true)
        {
            throw new ArgumentException("ExpectedPurchases must be 0 to 1,000,000, the windows positive and at most 10 years, RecentOrders 1 to 1000, MaxPerGroup positive, and affinities finite and not negative.", nameof(options));
        }
    }

    /// <summary>Affinities as shares of their sum.</summary>
    private static Dictionary<string, double> Shares(IReadOnlyDictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        return total <= 0 ? [] : weights.ToDictionary(p => p.Key, p => p.Value / total, StringComparer.Ordinal);
    }

    /// <summary>Points per category over the recent orders (net of reversed points).</summary>
    private static async ValueTask<IReadOnlyDictionary<string, double>> AffinityFromOrdersAsync(LoyaltyEngine engine, MemberId memberId, IEnumerable<LedgerEntry> recent, CancellationToken cancellationToken)
    {
        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var orderId in recent.Select(e => e.OrderId!).Distinct(StringComparer.Ordinal))
        {
            if (await engine.Reports.GetAccrualAsync(memberId, orderId, cancellationToken).ConfigureAwait(false) is not { } accrual)
            {
                continue;
            }

            foreach (var line in accrual.Lines)
            {
                points[line.Category] = points.GetValueOrDefault(line.Category) + Math.Max(0, line.Points.Value - line.ReversedPoints.Value);
            }
        }

        return points;
    }

    /// <summary>Affinity first, then price (or points needed), then the reward id: the same inputs always rank the same way.</summary>
    private static RewardRecommendation[] Rank(List<RewardRecommendation> group, bool byPriceDescending, RewardRecommendationOptions options) =>
        [.. group.OrderByDescending(r => r.Affinity)
            .ThenBy(r => byPriceDescending ? -r.Reward.Points : r.PointsNeeded)
            .ThenBy(r => r.Reward.Id, StringComparer.Ordinal)
            .Take(options.MaxPerGroup)];
}
