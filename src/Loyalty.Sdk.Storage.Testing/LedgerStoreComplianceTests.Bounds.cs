using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Tiers;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>
/// The bounds law, on every store: for random programs within the validator's limits and random command sequences
/// within the commands' limits (extremes included: int.MaxValue units at the largest unit price, long.MaxValue points,
/// the first and last accepted instants, the largest multipliers and the smallest point value), no command, report,
/// statement, job or leaderboard throws anything but a typed result, and no member is ever credited past the bound.
/// </summary>
public abstract partial class LedgerStoreComplianceTests<TFixture>
{
    private static readonly Instant Earliest = LoyaltyLimits.EarliestInstant;
    private static readonly Instant Latest = LoyaltyLimits.LatestInstant - Duration.FromTicks(1);

    [SkippableFact]
    public void Bounds_NoCommandReportOrJob_ThrowsAnythingButATypedResult()
    {
        var reached = new ConcurrentDictionary<string, int>();
        var cases = 0;
        var config = Config.QuickThrowOnFailure.WithMaxTest(BoundsCases).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var id = $"bounds-{System.Threading.Interlocked.Increment(ref cases)}";
            RunBoundsCase(id, seed, reached).GetAwaiter().GetResult();
        }));

        // The generator must reach the bounds and the extremes, or the law proves little.
        string[] expected = ["Committed", nameof(RejectionReason.LimitExceeded), nameof(RejectionReason.InsufficientPoints), "misuse", "MaxPointsPerMember", "MaxPointsPerCommand"];
        Assert.All(expected, e => Assert.True(reached.GetValueOrDefault(e) > 0, $"no case reached '{e}': {string.Join(", ", reached)}"));
    }

    /// <summary>Fewer cases on a server, where every command is a round trip.</summary>
    protected virtual int BoundsCases => 60;

    private async Task RunBoundsCase(string programId, int seed, ConcurrentDictionary<string, int> reached)
    {
        var random = new Random(seed);
        var program = RandomProgram(programId, random);
        var clock = new FakeClock(Pick(random, Earliest + Duration.FromDays(40), Instant.FromUtc(2026, 3, 1, 9, 0), Latest - Duration.FromDays(40)));
        var engine = new LoyaltyEngine(program, Store, clock);
        var members = new[] { MemberId.From("a"), MemberId.From("b"), MemberId.From("c") };
        var redemptions = new List<(MemberId, IdempotencyKey)>();
        var orders = new List<(MemberId, string)>();
        for (var step = 0; step < 24; step++)
        {
            var member = members[random.Next(members.Length)];
            var key = IdempotencyKey.From($"k{step}");
            LedgerCommand command;
            try
            {
                command = RandomCommand(random, member, key, step, redemptions, orders);
            }
            catch (ArgumentException)
            {
                // Out-of-range arguments are misuse, refused before anything runs (counted to show the edges are reached).
                reached.AddOrUpdate("misuse", 1, (_, n) => n + 1);
                continue;
            }

            var result = await engine.ExecuteAsync(command);
            reached.AddOrUpdate(result.Rejection?.Reason.ToString() ?? result.Outcome.ToString(), 1, (_, n) => n + 1);
            if (result.Rejection is { Reason: RejectionReason.LimitExceeded } limit)
            {
                foreach (var bound in new[] { "MaxPointsPerMember", "MaxPointsPerCommand", "LoyaltyLimits" })
                {
                    if (limit.Message.Contains(bound, StringComparison.Ordinal))
                    {
                        reached.AddOrUpdate(bound, 1, (_, n) => n + 1);
                    }
                }
            }

            if (result.Outcome == LedgerOutcome.Committed && command is RedeemCommand)
            {
                redemptions.Add((member, key));
            }
            else if (result.Outcome == LedgerOutcome.Committed && command is EarnCommand earn)
            {
                orders.Add((member, earn.OrderId));
            }

            clock.Advance(Duration.FromDays(random.Next(0, 40)));
        }

        // Every member's lifetime credits stay within the program's bound.
        foreach (var member in members)
        {
            var credited = (await engine.GetAccountAsync(member)).Counters.Where(c => c.Key.Kind == Loyalty.Sdk.Ledger.CounterKind.PointsCredited).Sum(c => c.Value);
            Assert.InRange(credited, 0, program.MaxPointsPerMember.Value);
            await engine.GetBalanceAsync(member, Instant.MinValue);
            await engine.GetBalanceAsync(member, Instant.MaxValue);
            await engine.Reports.GetStatementAsync(member, Instant.MinValue, Instant.MaxValue);
            await engine.Reports.GetExpiringAsync(member, Instant.MinValue, Instant.MaxValue);
            await engine.Reports.GetDigestAsync(member, new DateInterval(new LocalDate(-9998, 1, 1), new LocalDate(9999, 12, 31)), Duration.FromDays(30));
            if (program.Tiers is not null)
            {
                await engine.Tiers.GetTierAsync(member, Instant.MaxValue);
                await engine.Tiers.GetTierHistoryAsync(member, Instant.MinValue);
            }
        }

        await engine.Reports.GetLiabilityAsync(Instant.MaxValue);
        await engine.Reports.GetLiabilityAsync();
        await engine.Reports.GetBreakageAsync(Instant.MaxValue);
        await engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(-9998, 1, 1), new LocalDate(9999, 12, 31)));
        await engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31)));
        await foreach (var _ in engine.Reports.ScanExpiringAsync(Instant.MinValue, Instant.MaxValue))
        {
        }

        await engine.Jobs.RunExpiryAsync();
        await engine.Jobs.RunExpiryRemindersAsync(Duration.FromDays(3650));
        clock.Reset(Latest);
        await engine.Jobs.RunExpiryAsync();
        await engine.Reports.GetLiabilityAsync();
    }

    private static LoyaltyProgram RandomProgram(string id, Random random)
    {
        var max = LoyaltyLimits.MaxMultiplier;
        var campaigns = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new Campaign($"c{i}", Pick(random, 0.001m, 2m, max), categories: random.Next(2) == 0 ? ["books"] : null))
            .ToList();
        var builder = new LoyaltyProgramBuilder
        {
            Id = id,
            BaseCurrency = "EUR",
            TimeZoneId = Pick(random, "Etc/UTC", "Pacific/Kiritimati", "America/Los_Angeles"),
            PointsPerCurrencyUnit = Pick(random, 0.0001m, 1m, 1_000_000m),
            Rounding = (PointsRounding)random.Next(4),
            PendingDays = Pick(random, 0, 14, 3650),
            Expiry = Pick(random, ExpiryPolicy.Never, ExpiryPolicy.AfterDays(30), ExpiryPolicy.AfterMonths(120, ExpiryRounding.EndOfYear), ExpiryPolicy.AfterInactivity(1)),
            ReversalPolicy = (ReversalPolicy)random.Next(2),
            PointValue = Pick(random, LoyaltyLimits.MinPointValue, 0.01m, LoyaltyLimits.MaxRate),
            CostPerPoint = Pick(random, 0m, 0.01m, LoyaltyLimits.MaxCostPerPoint),
            MaximumRedemptionShareOfOrder = Pick<decimal?>(random, null, 0.5m, 1m),
            MaxPointsPerCommand = Pick(random, 1L, 5_000L, LoyaltyLimits.MaxPointsPerCommand),
            MaxPointsPerMember = Pick(random, 10_000L, 1_000_000_000L, LoyaltyLimits.MaxPointsPerMember),
            ExchangeRates = new FixedExchangeRateProvider([(CurrencyCode.Parse("USD"), CurrencyCode.Eur, Pick(random, 1m / LoyaltyLimits.MaxRate, 0.9m, LoyaltyLimits.MaxRate))]),
            Earning = new EarningRules(
                categoryMultipliers: new Dictionary<string, decimal> { ["books"] = Pick(random, 0m, 2m, max) },
                skuMultipliers: new Dictionary<string, decimal> { ["sku-1"] = Pick(random, 1m, max) },
                campaigns: campaigns,
                stacking: (CampaignStacking)random.Next(2),
                maxPointsPerOrder: Pick<Points?>(random, null, Points.FromInt64(500), Points.FromInt64(long.MaxValue)),
                maxPointsPerMemberPerPeriod: Pick<Points?>(random, null, Points.FromInt64(long.MaxValue)),
                activities: [new ActivityRule("review", Points.FromInt64(Pick(random, 1L, LoyaltyLimits.MaxPointsPerCommand)))]),
        };
        if (random.Next(2) == 0)
        {
            builder.Tiers = new TierLadder(
                [new Tier("base", 0m), new Tier("gold", Pick(random, 1m, 1_000_000m), Pick(random, 1m, 100m)), new Tier("top", 1e20m, 100m)],
                (QualifyingMetric)random.Next(3),
                Pick(random, TierWindow.RollingMonths(12), TierWindow.CalendarYear, TierWindow.Anniversary));
        }

        return builder.Build();
    }

    private static LedgerCommand RandomCommand(Random random, MemberId member, IdempotencyKey key, int step, List<(MemberId Member, IdempotencyKey Key)> redemptions, List<(MemberId Member, string Order)> orders)
    {
        var hugePoints = Points.FromInt64(Pick(random, 1L, 1_000L, LoyaltyLimits.MaxPointsPerCommand, long.MaxValue));
        switch (random.Next(8))
        {
            case 0:
            case 1:
            case 2:
                var lines = Enumerable.Range(1, random.Next(1, 4)).Select(i => new PurchaseLine(
                    i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Pick(random, "sku-1", "sku-2"),
                    Pick(random, "books", "music"),
                    Pick(random, 1, 3, int.MaxValue),
                    Money.Of(Pick(random, 0.0000001m, 19.99m, LoyaltyLimits.MaxUnitPrice, LoyaltyLimits.MaxUnitPrice * 10), Pick(random, "EUR", "USD")))).ToList();
                var currency = lines[0].UnitPrice.Currency;
                lines = lines.Select(l => new PurchaseLine(l.LineId, l.Sku, l.Category, l.Units, new Money(l.UnitPrice.Amount, currency))).ToList();
                return new EarnCommand(member, key, $"o{step}", Pick(random, Earliest, Instant.FromUtc(2026, 3, 1, 9, 0), Latest, Instant.MaxValue), lines);
            case 3:
                return new RedeemCommand(member, key, hugePoints, $"o{step}", Pick<Money?>(random, null, Money.Of(LoyaltyLimits.MaxUnitPrice, "EUR"), Money.Of(0.01m, "USD")));
            case 4:
                return new AdjustCommand(member, key, Pick(random, hugePoints, -hugePoints), "fuzz");
            case 5:
                return random.Next(2) == 0 ? new EarnActivityCommand(member, key, "review") : new EarnActivityCommand(member, key, "anything", hugePoints);
            case 6 when orders.Count > 0:
                var (owner, orderId) = orders[random.Next(orders.Count)];
                return new ReverseEarnCommand(owner, key, orderId, [new ReturnedLine("1", Pick(random, 1, int.MaxValue))]);
            case 7 when redemptions.Count > 0:
                var (redeemer, redemption) = redemptions[random.Next(redemptions.Count)];
                return new RefundRedemptionCommand(redeemer, key, redemption, Pick<Points?>(random, null, hugePoints));
            default:
                return new ExpireCommand(member, key);
        }
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
