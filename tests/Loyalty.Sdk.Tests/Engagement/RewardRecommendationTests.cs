using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Tests.Tiers;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Engagement;

/// <summary>Reward recommendations: only eligible rewards, affordable when "now", in deterministic order.</summary>
public sealed class RewardRecommendationTests
{
    private static T Run<T>(System.Threading.Tasks.ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private sealed record RewardSpec(int Points, int Categories, int Tier, int FromOffset, int UntilOffset, int Stock, bool Limited, bool PreClaim, bool Redeemable);

    private static readonly Gen<RewardSpec> Specs =
        from points in Gen.Choose(1, 160).Select(p => p * 5)
        from categories in Gen.Choose(0, 3)
        from tier in Gen.Choose(0, 2)
        from start in Gen.Choose(-20, 5)
        from until in Gen.Choose(-5, 20)
        from stock in Gen.Choose(-1, 2)
        from limited in Gen.Elements(true, false)
        from preClaim in Gen.Elements(true, false)
        from redeemable in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        select new RewardSpec(points, categories, tier, start, until, stock, limited, preClaim, redeemable);

    [Fact]
    public void Recommendations_AreEligible_NowIsAffordable_GoalsAreWithinTheExpectedEarn_AndNothingChanges()
    {
        var seen = new int[3];
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(Specs, 6).ToArbitrary(),
            (from f in Gen.Choose(0, 1200) from s in Gen.Choose(0, 600) select (f, s)).ToArbitrary(),
            Gen.Choose(0, 40).Select(e => e / 10.0).ToArbitrary(),
            (specs, amounts, expectedPurchases) =>
            {
                var (first, second) = amounts;
                string[][] categorySets = [[], ["books"], ["coffee"], ["books", "coffee"]];
                string?[] tiers = [null, "silver", "gold"];
                var (engine, clock, _) = Engine(b =>
                {
                    b.Tiers = TierTests.Ladder();
                    b.Expiry = ExpiryPolicy.AfterDays(40);
                    b.Engagement = new EngagementRules
                    {
                        Rewards = [.. specs.Select((s, i) => new Reward
                        {
                            Id = $"r{i}",
                            Points = s.Points,
                            Categories = categorySets[s.Categories],
                            MinimumTier = tiers[s.Tier],
                            AvailableFrom = Start.InUtc().Date.PlusDays(25 + s.FromOffset),
                            AvailableUntil = Start.InUtc().Date.PlusDays(25 + Math.Max(s.FromOffset, s.UntilOffset)),
                            TracksStock = s.Stock >= 0,
                            MaxPerMember = s.Limited ? 1 : null,
                            Redeemable = s.Redeemable,
                        })],
                    };
                });
                var alice = Member();
                if (first > 0)
                {
                    Run(engine.ExecuteAsync(Order("o1", Line("a", 1, first, category: "books"))));
                }

                clock.Advance(Duration.FromDays(20));
                if (second > 0)
                {
                    Run(engine.ExecuteAsync(new EarnCommand(alice, Key("earn:o2"), "o2", clock.GetCurrentInstant(), [Line("b", 1, second, category: "coffee")])));
                }

                clock.Advance(Duration.FromDays(5));
                for (var i = 0; i < specs.Length; i++)
                {
                    if (specs[i].Stock > 0)
                    {
                        Run(engine.Rewards.AddStockAsync($"r{i}", specs[i].Stock + (specs[i].PreClaim ? 1 : 0)));
                    }

                    if (specs[i].PreClaim)
                    {
                        Run(engine.ExecuteAsync(new RedeemRewardCommand(alice, Key($"claim{i}"), $"r{i}")));
                    }
                }

                var before = Run(engine.GetBalanceAsync(alice));
                var options = new RewardRecommendationOptions { ExpectedPurchases = expectedPurchases, MaxPerGroup = 100 };
                var result = Run(engine.Rewards.RecommendAsync(alice, options));
                Assert.Equal(result, Run(engine.Rewards.RecommendAsync(alice, options)) with { }, RecommendationsComparer.Instance);
                Assert.Equal(before, Run(engine.GetBalanceAsync(alice)));

                // The reference: each rule of the catalogue, from the reward's definition and the member's state.
                var today = clock.GetCurrentInstant().InZone(engine.Program.TimeZone).Date;
                var tier = Run(engine.Tiers.GetTierAsync(alice)).Tier.Id;
                var ladder = engine.Program.Tiers!;
                var claims = Run(engine.Rewards.GetClaimsAsync(alice));
                bool Eligible(Reward r) =>
                    r.Redeemable &&
                    (r.AvailableFrom is not { } f || today >= f) && (r.AvailableUntil is not { } u || today <= u) &&
                    (r.MinimumTier is not { } m || ladder.IndexOf(tier) >= ladder.IndexOf(m)) &&
                    (r.MaxPerMember is not { } max || claims.Count(c => c.RewardId == r.Id && c.Status != ClaimStatus.Cancelled) < max) &&
                    (!r.TracksStock || Run(engine.Rewards.GetStockAsync(r.Id)).Available >= 1);
                var available = before.Available.Value;
                Assert.Equal(available, result.AvailablePoints);
                Assert.All(result.All, r => Assert.True(Eligible(r.Reward), $"{r.Reward.Id} is not eligible"));
                Assert.All(result.RedeemableNow.Concat(result.UseExpiring), r => Assert.True(r.Reward.Points <= available));
                Assert.All(result.UseExpiring, r => Assert.True(r.Reward.Points <= result.ExpiringPoints));
                Assert.All(result.WithinExpectedEarn, r => Assert.True(r.Reward.Points > available && r.PointsNeeded == r.Reward.Points - available && r.PointsNeeded <= result.ExpectedPoints));
                var eligible = engine.Program.Engagement.Rewards.Where(Eligible).ToList();
                Assert.Equal(
                    eligible.Where(r => r.Points <= available).Select(r => r.Id).Order(),
                    result.RedeemableNow.Concat(result.UseExpiring).Select(r => r.Reward.Id).Order());
                Assert.Equal(
                    eligible.Where(r => r.Points > available && r.Points - available <= result.ExpectedPoints).Select(r => r.Id).Order(),
                    result.WithinExpectedEarn.Select(r => r.Reward.Id).Order());

                // Ranked: affinity first, then price (goals: points needed), then id.
                Assert.Equal(result.RedeemableNow.OrderByDescending(r => r.Affinity).ThenByDescending(r => r.Reward.Points).ThenBy(r => r.Reward.Id, StringComparer.Ordinal), result.RedeemableNow);
                Assert.Equal(result.WithinExpectedEarn.OrderByDescending(r => r.Affinity).ThenBy(r => r.PointsNeeded).ThenBy(r => r.Reward.Id, StringComparer.Ordinal), result.WithinExpectedEarn);
                Assert.All(result.All, r => Assert.InRange(r.Affinity, 0d, 1d));
                seen[0] += result.RedeemableNow.Count;
                seen[1] += result.WithinExpectedEarn.Count;
                seen[2] += result.UseExpiring.Count;
            }));
        Assert.True(seen.All(n => n > 0), $"every group should be reached: {string.Join(", ", seen)}");
    }

    [Fact]
    public async System.Threading.Tasks.Task Affinity_RanksTheCategoriesTheMemberBuys_AndGoalsSayHowLong()
    {
        var (engine, clock, _) = Engine(b => b.Engagement = new EngagementRules
        {
            Rewards =
            [
                new Reward { Id = "tote", Points = 50, Categories = ["books"] },
                new Reward { Id = "mug", Points = 50, Categories = ["coffee"] },
                new Reward { Id = "grinder", Points = 300, Categories = ["coffee"] },
                new Reward { Id = "lamp", Points = 900 },
            ],
        });
        Run(engine.ExecuteAsync(Order("o1", Line("a", 1, 80, category: "coffee"), Line("b", 1, 20, category: "books"))));
        Run(engine.ExecuteAsync(Order("o2", Line("c", 1, 100, category: "coffee"))));
        var balance = Run(engine.GetBalanceAsync(Member())).Available.Value;
        var result = Run(engine.Rewards.RecommendAsync(Member(), new RewardRecommendationOptions { ExpectedPurchases = 2 }));
        Assert.Equal(["mug", "tote"], result.RedeemableNow.Select(r => r.Reward.Id));
        Assert.Equal(0.9, result.RedeemableNow[0].Affinity, 9); // 180 of 200 points from coffee
        Assert.Equal(balance, result.AvailablePoints);
        Assert.Equal(2 * balance / 2m, result.ExpectedPoints); // two purchases at the average of the two orders
        var grinder = Assert.Single(result.WithinExpectedEarn);
        Assert.Equal("grinder", grinder.Reward.Id);
        var days = (int)Math.Ceiling(30.0 * (300 - balance) / (double)result.ExpectedPoints);
        Assert.Contains($"{300 - balance} more points for grinder: about {days} day(s)", grinder.Explanation, StringComparison.Ordinal);

        // Given affinities override the orders'; without expected purchases there are no goals.
        var books = Run(engine.Rewards.RecommendAsync(Member(), new RewardRecommendationOptions { CategoryAffinity = new Dictionary<string, double> { ["books"] = 3 } }));
        Assert.Equal(["tote", "mug"], books.RedeemableNow.Select(r => r.Reward.Id));
        Assert.Empty(books.WithinExpectedEarn);
        Assert.Empty(Run(engine.Rewards.RecommendAsync(Member("nobody"))).All);

        await Assert.ThrowsAsync<ArgumentException>(() => engine.Rewards.RecommendAsync(Member(), new RewardRecommendationOptions { ExpectedPurchases = double.NaN }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => engine.Rewards.RecommendAsync(Member(), new RewardRecommendationOptions { CategoryAffinity = new Dictionary<string, double> { ["x"] = -1 } }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => engine.Rewards.RecommendAsync(Member(), new RewardRecommendationOptions { GoalWindow = Duration.Zero }).AsTask());
        _ = clock;
    }

    private sealed class RecommendationsComparer : IEqualityComparer<RewardRecommendations>
    {
        public static readonly RecommendationsComparer Instance = new();

        public bool Equals(RewardRecommendations? x, RewardRecommendations? y) =>
            x!.AvailablePoints == y!.AvailablePoints && x.ExpiringPoints == y.ExpiringPoints && x.ExpectedPoints == y.ExpectedPoints && x.All.SequenceEqual(y.All);

        public int GetHashCode(RewardRecommendations obj) => obj.AvailablePoints.GetHashCode();
    }
}
